"""The Dagster code location: `dagster dev` loads ``defs`` from here.

Every asset that writes the build file is in the pool ``duckdb_writer``; the instance's
``dagster.yaml`` (repository root; `make dagster` copies it into ``data/dagster_home``)
limits pools to one step at a time.
"""

from __future__ import annotations

from dagster import Definitions, ScheduleDefinition, define_asset_job, multiprocess_executor

from kpi_warehouse.defs.dbt import dbt_resource, warehouse_models
from kpi_warehouse.defs.docs import dbt_docs
from kpi_warehouse.defs.publish import published_snapshot
from kpi_warehouse.defs.raw import raw_assets
from kpi_warehouse.defs.resources import SourceSystems, SpecFolder, Warehouse
from kpi_warehouse.defs.run_reaper import reap_dead_build_runs
from kpi_warehouse.defs.specs import kpi_specs

# Every step writes the build file, so a run starts one step at a time (the pool then only
# waits on other runs' steps); steps fork from a server that has already imported this
# module instead of each re-importing Dagster, dbt and the manifest.
forkserver = {"preload_modules": ["kpi_warehouse.definitions"]}
executor = multiprocess_executor.configured(
    {"max_concurrent": 1, "start_method": {"forkserver": forkserver}}
)
build_job = define_asset_job("build_warehouse", selection="*", executor_def=executor)
# Nightly rebuild from the systems of record; a failed run leaves the last snapshot serving.
nightly = ScheduleDefinition(
    name="nightly_build",
    job=build_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
)

defs = Definitions(
    assets=[kpi_specs, *raw_assets(), warehouse_models, published_snapshot, dbt_docs],
    jobs=[build_job],
    schedules=[nightly],
    sensors=[reap_dead_build_runs],
    resources={
        "sources": SourceSystems(),
        "spec_folder": SpecFolder(),
        "warehouse": Warehouse(),
        "dbt": dbt_resource(),
    },
)

"""The Dagster code location: `dagster dev` loads ``defs`` from here."""

from __future__ import annotations

from dagster import Definitions, ScheduleDefinition, define_asset_job

from kpi_warehouse.defs.dbt import dbt_resource, warehouse_models
from kpi_warehouse.defs.publish import published_snapshot
from kpi_warehouse.defs.raw import raw_assets
from kpi_warehouse.defs.resources import SourceSystems, Warehouse

build_job = define_asset_job("build_warehouse", selection="*")
# Nightly rebuild from the systems of record; a failed run leaves the last snapshot serving.
nightly = ScheduleDefinition(
    name="nightly_build",
    job=build_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
)

defs = Definitions(
    assets=[*raw_assets, warehouse_models, published_snapshot],
    jobs=[build_job],
    schedules=[nightly],
    resources={"sources": SourceSystems(), "warehouse": Warehouse(), "dbt": dbt_resource()},
)

"""`kpi build`: hold the writer lock, prepare dbt, run the Dagster graph in-process, report.

The graph itself loads and validates the specs (asset ``specs/spec_versions``), extracts the
sources, runs dbt and publishes; this module only sets the stage and names what failed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from kpi_warehouse.config import settings
from kpi_warehouse.publish import remove_stale_tmp
from kpi_warehouse.writer_lock import BuildBusy, writer_lock


@dataclass
class BuildReport:
    success: bool
    seconds: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    unchanged: set[str] = field(default_factory=set)  # assets kept as they were (same inputs)

    @property
    def up_to_date(self) -> bool:
        """Nothing was rebuilt or republished: the sources, specs and code were unchanged."""
        return self.success and "published_snapshot" in self.unchanged


def run_build(accept_drop: Sequence[str] = (), actor: str = "", full: bool = False) -> BuildReport:
    """Specs → extract → dbt build → checks → publish. On failure the published snapshot is
    untouched; a second build while one runs is refused. ``accept_drop``: departments
    (org_unit_id) whose fall in appraised headcount is let through, logged as ``actor``.
    What is unchanged since the last build is not redone (``build_inputs``) unless ``full``."""
    started = time.perf_counter()
    publish_config = {"accept_drop": list(accept_drop), "actor": actor, "full": full}
    try:
        with writer_lock(settings().build_db):
            remove_stale_tmp(settings().snapshot_db)  # left by a publish that was killed
            report = _prepare_and_run(publish_config)
    except BuildBusy as exc:
        report = BuildReport(False, 0.0, errors=[str(exc)])
    report.seconds = time.perf_counter() - started
    return report


def _prepare_and_run(publish_config: dict[str, object]) -> BuildReport:
    from kpi_warehouse.defs.project import prepare

    try:
        prepare()  # the dbt project may have changed since the last manifest
    except Exception as exc:
        return BuildReport(
            False, 0.0, errors=[f"dbt 项目无法解析 / the dbt project does not parse: {exc}"]
        )
    from dagster import DagsterInstance

    from kpi_warehouse.build_report import step_errors, step_seconds, unchanged_assets
    from kpi_warehouse.definitions import build_job, defs

    job = defs.resolve_job_def(build_job.name)
    # In-process: one step at a time, in this process, which holds the writer lock.
    with DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={
                "loggers": {"console": {"config": {"log_level": "WARNING"}}},
                "ops": {
                    "published_snapshot": {"config": publish_config},
                    "warehouse_models": {"config": {"full": publish_config["full"]}},
                    # --full reads every source table again (extract_<system>: ExtractConfig)
                    **{
                        node.name: {"config": {"full": publish_config["full"]}}
                        for node in job.graph.nodes
                        if node.name.startswith("extract_")
                    },
                },
            },
        )
        entries = instance.all_logs(result.run_id)
    return BuildReport(
        result.success,
        0.0,
        step_seconds(entries),
        step_errors(entries),
        unchanged_assets(entries),
    )

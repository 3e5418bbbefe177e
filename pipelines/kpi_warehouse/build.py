"""`kpi build`: validate specs, run the Dagster graph in-process, report what failed."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from kpi_warehouse.specs.loader import SpecError
from kpi_warehouse.specs.repository import current_specs


@dataclass
class BuildReport:
    success: bool
    seconds: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def run_build() -> BuildReport:
    """Extract → dbt build → checks → publish. On failure the published snapshot is untouched."""
    started = time.perf_counter()
    try:
        current_specs()
    except SpecError as exc:
        return BuildReport(
            False,
            time.perf_counter() - started,
            errors=["考核细则有误，未运行 / invalid specs, nothing ran:", *map(str, exc.problems)],
        )
    os.environ["KPI_DBT_PARSE"] = "1"  # re-parse: the dbt project may have changed
    from dagster import DagsterEventType, DagsterInstance

    from kpi_warehouse.definitions import build_job, defs

    job = defs.resolve_job_def(build_job.name)
    with DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )
        entries = instance.all_logs(result.run_id)
    starts: dict[str, float] = {}
    steps: dict[str, float] = {}
    errors: list[str] = []
    for entry in entries:
        event = entry.dagster_event
        if event is None:
            continue
        key = event.step_key or ""
        if event.event_type == DagsterEventType.STEP_START:
            starts[key] = entry.timestamp
        elif event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
            steps[key] = entry.timestamp - starts.get(key, entry.timestamp)
        if event.event_type == DagsterEventType.STEP_FAILURE:
            info = event.step_failure_data.error
            message = info.message.strip() if info else "unknown error"
            cause = info.cause if info else None
            while cause is not None:
                message = cause.message.strip()
                cause = cause.cause
            errors.append(f"{key}: {message}")
    return BuildReport(result.success, time.perf_counter() - started, steps, errors)

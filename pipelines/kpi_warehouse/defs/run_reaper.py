"""Runs whose worker died (killed mid-way) are marked failed.

Dagster's run monitoring only checks run workers for launchers that can (Kubernetes, ECS,
Docker); with the default launcher of a single machine a killed run stays STARTED for good —
and with ``max_concurrent_runs: 1`` it would block every later build. This sensor, which the
daemon evaluates every 30 seconds, finds each started run's worker process (its pid is in
the run's engine events) and reports the run failed when that process no longer exists;
``run_monitoring.free_slots_after_run_end_seconds`` then frees its pool slot.
"""

from __future__ import annotations

import os

from dagster import (
    DagsterEventType,
    DagsterInstance,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunsFilter,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)


def worker_pid(instance: DagsterInstance, run_id: str) -> int | None:
    """The run worker's pid: the first engine event of the run that names one."""
    for entry in instance.all_logs(run_id, of_type=DagsterEventType.ENGINE_EVENT):
        event = entry.dagster_event
        data = event.engine_event_data if event is not None else None
        pid = data.metadata.get("pid") if data is not None else None
        if pid is not None:
            return int(str(pid.value))
    return None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def reap_dead_runs(instance: DagsterInstance) -> list[str]:
    """Mark failed every started run whose worker process is gone; return their ids."""
    reaped = []
    for run in instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.STARTED])):
        pid = worker_pid(instance, run.run_id)
        if pid is None or alive(pid):
            continue
        instance.report_run_failed(
            run,
            f"运行进程（pid {pid}）已终止，本次运行记为失败 / the run worker (pid {pid}) is "
            "gone (killed mid-way); the run is marked failed",
        )
        reaped.append(run.run_id)
    return reaped


@sensor(minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING)
def reap_dead_build_runs(context: SensorEvaluationContext) -> SkipReason:
    reaped = reap_dead_runs(context.instance)
    return SkipReason(f"marked failed: {', '.join(reaped)}" if reaped else "no dead runs")

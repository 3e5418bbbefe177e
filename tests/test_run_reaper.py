"""A Dagster run killed mid-way is marked failed (not STARTED forever), through a real
instance configured by the repository's dagster.yaml."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from dagster import DagsterInstance, DagsterRunStatus, build_sensor_context
from dagster._core.instance.ref import InstanceRef

from kpi_warehouse.defs.run_reaper import reap_dead_build_runs, reap_dead_runs, worker_pid
from kpi_warehouse.demo.schema import SYSTEMS
from tests.conftest import REPO, DemoBuild

RUN_BUILD_JOB = """
import json, sys
from dagster import DagsterInstance, execute_job, reconstructable
from dagster._core.definitions.reconstruct import ReconstructableRepository
from dagster._core.instance.ref import InstanceRef

job = ReconstructableRepository.for_module(
    "kpi_warehouse.definitions", "defs"
).get_reconstructable_job("build_warehouse")
with DagsterInstance.from_ref(InstanceRef.from_dir(sys.argv[1])) as instance:
    execute_job(job, instance=instance, run_config=json.loads(sys.argv[2]))
"""


def test_a_killed_run_is_marked_failed(demo_build: DemoBuild, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_build.data_dir, data, ignore=shutil.ignore_patterns("dbt_target"))
    warehouse, sources = data / "warehouse", data / "sources"
    run_config = {
        "resources": {
            "warehouse": {
                "config": {
                    "build_db": str(warehouse / "build.duckdb"),
                    "snapshot_db": str(warehouse / "published.duckdb"),
                }
            },
            "sources": {"config": {f"{s}_url": f"sqlite:///{sources / s}.sqlite" for s in SYSTEMS}},
        }
    }
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    worker = subprocess.Popen(
        [sys.executable, "-c", RUN_BUILD_JOB, str(home), json.dumps(run_config)],
        cwd=REPO,
        start_new_session=True,
    )
    with DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        deadline = time.monotonic() + 300
        run_id = None
        while run_id is None or worker_pid(instance, run_id) is None:
            assert worker.poll() is None and time.monotonic() < deadline, "no run started"
            time.sleep(0.5)
            runs = instance.get_runs()
            run_id = runs[0].run_id if runs else None
        assert worker_pid(instance, run_id) == worker.pid
        assert reap_dead_runs(instance) == []  # a live run is left alone

        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        assert instance.get_run_by_id(run_id).status == DagsterRunStatus.STARTED  # stuck

        result = reap_dead_build_runs(build_sensor_context(instance=instance))
        assert run_id in str(result.skip_message)
        run = instance.get_run_by_id(run_id)
        assert run.status == DagsterRunStatus.FAILURE
        assert reap_dead_runs(instance) == []  # once only

"""Faults of the build provoked for real: concurrent writers, a second build, a killed
publish, a failing dbt test. Each on its own copy of the small demo."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterEventType, DagsterInstance, execute_job
from dagster._core.definitions.reconstruct import ReconstructableRepository
from dagster._core.instance.ref import InstanceRef

from kpi_warehouse.defs.resources import WRITER_POOL
from kpi_warehouse.demo.schema import SYSTEMS
from tests.conftest import REPO, DemoBuild, demo_env, kpi


def _copy_demo(demo_build: DemoBuild, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "data"
    shutil.copytree(demo_build.data_dir, data, ignore=shutil.ignore_patterns("dbt_target"))
    return data, demo_env(data)


def _appraisals(snapshot: Path) -> int:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute("SELECT count(*) FROM fct_appraisal").fetchone()[0]


@pytest.mark.timeout(1800)  # three whole runs, one step at a time, on a shared machine
def test_dagster_runs_never_write_the_build_file_at_once(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    """The build job three times through a real instance configured by the repository's
    dagster.yaml, with the multiprocess executor, wired only by resource config: every run
    succeeds and no two steps that write the build file overlap."""
    data, _ = _copy_demo(demo_build, tmp_path)
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
    job = ReconstructableRepository.for_module(
        "kpi_warehouse.definitions", "defs"
    ).get_reconstructable_job("build_warehouse")
    windows: list[tuple[float, float, str]] = []
    with DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
        for _ in range(3):
            with execute_job(job, instance=instance, run_config=run_config) as result:
                assert result.success, [str(e) for e in result.all_events if e.is_failure]
                assert result.dagster_run.run_config == run_config
        starts: dict[tuple[str, str], float] = {}
        for record in instance.get_run_records():
            for entry in instance.all_logs(record.dagster_run.run_id):
                event = entry.dagster_event
                if event is None or event.step_key is None:
                    continue
                step = (entry.run_id, event.step_key)
                if event.event_type == DagsterEventType.STEP_START:
                    starts[step] = entry.timestamp
                elif event.event_type == DagsterEventType.STEP_SUCCESS:
                    windows.append((starts[step], entry.timestamp, event.step_key))
        assert instance.event_log_storage.get_concurrency_info(WRITER_POOL).limit == 1
    assert len(windows) == 3 * 7  # specs, three extractions, dbt, publish, dbt docs
    windows.sort()
    for (_, end, a), (start, _, b) in zip(windows, windows[1:], strict=False):
        assert end <= start, f"{a} and {b} wrote the build file at once"
    assert _appraisals(warehouse / "published.duckdb") > 0


KILLED_PUBLISH = """
import os, sys, time
from pathlib import Path
from kpi_warehouse import publish

def stuck(fd):  # the copy is written; hang before fsync and wait to be killed
    print("copied", flush=True)
    time.sleep(600)

os.fsync = stuck
publish.publish(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _kill_a_publish(build_db: Path, snapshot: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_PUBLISH, str(build_db), str(snapshot)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "copied"
    proc.kill()  # SIGKILL mid-publish
    proc.wait()


def test_second_build_is_refused_and_leftovers_are_cleaned(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    data, env = _copy_demo(demo_build, tmp_path)
    warehouse = data / "warehouse"
    snapshot = warehouse / "published.duckdb"
    _kill_a_publish(warehouse / "build.duckdb", snapshot)
    leftovers = list(warehouse.glob(".published.duckdb.*.tmp"))
    assert leftovers, "the killed publish left its copy behind"
    assert _appraisals(snapshot) > 0  # the snapshot itself is untouched
    target = REPO / "dbt_project" / "target"
    before = {p.name for p in target.iterdir()} if target.exists() else set()

    # --full: the marts are rebuilt although nothing changed (an unchanged build would end
    # in seconds, before the second could be refused, and would run no dbt model to show).
    first = subprocess.Popen(
        [sys.executable, "-m", "kpi_warehouse.cli", "build", "--full"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = warehouse / "build.duckdb.lock"
    deadline = time.monotonic() + 120
    while f"pid {first.pid}," not in (lock.read_text() if lock.exists() else ""):
        assert first.poll() is None and time.monotonic() < deadline, "the build never started"
        time.sleep(0.1)
    second = kpi(env, "build", check=False)
    out, err = first.communicate(timeout=900)

    assert second.returncode == 1
    assert "另一个构建正在写入" in second.stderr and "another build is writing" in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert first.returncode == 0, out[-2000:] + err[-3000:]
    assert not any(p.exists() for p in leftovers)  # cleaned by the next build
    # Progress as it ran: the specs, each source table with rows, dbt model by model.
    assert "考核细则 / specs:" in err
    assert re.search(r"抽取 / extract office\.staff: [\d,]+ 行 rows, [\d.]+s", err)
    assert re.search(r"dbt \[\d+/\d+\] fct_appraisal [\d.]+s", err)
    assert re.search(r"dbt 检查 / tests: (\d+)/\1 通过 passed", err)
    # The same sources and specs, built again: the same content hash.
    assert _content_sha(snapshot) == _content_sha(demo_build.snapshot)
    assert not list(warehouse.glob(".published.duckdb.*.tmp"))
    assert _appraisals(snapshot) > 0
    # dbt's artefacts went to one fixed folder beside the build file, not dbt_project/target.
    assert (warehouse / "dbt_target" / "run_results.json").exists()
    after = {p.name for p in target.iterdir()}
    assert not {n for n in after - before if n.startswith("warehouse_models-")}


def test_a_failing_dbt_test_is_named_in_the_summary(demo_build: DemoBuild, tmp_path: Path) -> None:
    data, env = _copy_demo(demo_build, tmp_path)
    snapshot = data / "warehouse" / "published.duckdb"
    before = snapshot.read_bytes()
    with sqlite3.connect(data / "sources" / "app.sqlite") as con:
        con.execute("UPDATE reg_bulletins SET media_level = 'galactic' WHERE rowid = 1")
    proc = kpi(env, "build", check=False)
    assert proc.returncode == 1
    summary = proc.stderr[proc.stderr.index("构建失败") :]
    assert "[dbt build]" in summary
    assert "accepted_values_stg_app__bulletins_media_level" in summary
    assert "read dbt.log" in summary  # what to do
    assert snapshot.read_bytes() == before


def _content_sha(snapshot: Path) -> str:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute("SELECT content_sha256 FROM meta_snapshot").fetchone()[0]

"""Starting `kpi build` from the browser (``store.build_runs``): one at a time, refusals
with a clear message, every start in the audit log. (A whole build started this way, and
its outcome, is in tests/dashboard/test_browser_build.py.)"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from kpi_warehouse.store import audit, build_runs
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.writer_lock import writer_lock

ADMIN = Actor("admin1", 7)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in [k for k in os.environ if k.startswith("KPI_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path))
    return tmp_path


def _starts() -> list[tuple[str, str]]:
    return [(e.actor, e.outcome) for e in audit.events(action="build_start")]


def test_refused_while_another_build_holds_the_writer_lock(data_dir: Path):
    assert build_runs.status().running is False
    with writer_lock(data_dir / "warehouse" / "build.duckdb"):
        state = build_runs.status()
        assert state.running and state.elsewhere and f"pid {os.getpid()}" in state.elsewhere
        with pytest.raises(build_runs.BuildBusy, match="已有构建正在运行") as refused:
            build_runs.start(ADMIN)
        assert f"pid {os.getpid()}" in str(refused.value)
    assert _starts() == [("admin1", "refused")]
    assert build_runs.status().running is False  # released: nothing runs


def test_a_second_start_while_one_runs_is_refused(data_dir: Path):
    first = build_runs.start(ADMIN)
    try:
        assert build_runs.status().running
        with pytest.raises(build_runs.BuildBusy, match="started from the browser"):
            build_runs.start(Actor("admin2", 8))
        state = build_runs.status()
        assert state.running and state.elsewhere is None
        assert state.started is not None and state.started.target == f"build:{first.run_id}"
        assert _starts() == [("admin2", "refused"), ("admin1", "ok")]  # newest first
    finally:
        os.killpg(first.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while build_runs.status().running:  # the lock goes with the runner
        assert time.monotonic() < deadline, "the launch lock outlived its runner"
        time.sleep(0.2)

"""Faults proven by tests: a build killed (SIGKILL) during extraction or during dbt leaves the
published snapshot answering the same figures, and the next build succeeds; twenty readers
(dashboard sessions through the scope layer, and `kpi sql`) see no error through two
rebuilds; a full disk while publishing leaves the snapshot intact.

A kill while publishing is in tests/test_build_faults.py.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse import publish
from kpi_warehouse.store.scope import Scope, query
from tests.conftest import REPO, DemoBuild, demo_env, kpi

FIGURES = "SELECT count(*), round(sum(total), 4), count(grade) FROM fct_appraisal"


def _copy_demo(demo_build: DemoBuild, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "data"
    shutil.copytree(demo_build.data_dir, data, ignore=shutil.ignore_patterns("dbt_target"))
    return data, demo_env(data)


def _figures(snapshot: Path) -> tuple[object, ...]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(FIGURES).fetchone()


def _kill_build_when(env: dict[str, str], marker: str) -> str:
    """Start `kpi build --full` (the sources are unchanged: without --full dbt would not
    run), SIGKILL its whole process group (dbt included) as soon as its progress output
    shows ``marker``; return what it printed until then."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpi_warehouse.cli", "build", "--full"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 600
    try:
        for line in proc.stderr:
            seen.append(line)
            if marker in line:
                break
            assert time.monotonic() < deadline, "the build never reached " + marker
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    text = "".join(seen)
    assert marker in text, text[-3000:]
    return text


def test_kill_9_keeps_the_snapshot_and_the_next_build_succeeds(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    data, env = _copy_demo(demo_build, tmp_path)
    snapshot = data / "warehouse" / "published.duckdb"
    before = snapshot.read_bytes()
    figures = _figures(snapshot)

    for marker in ("抽取 / extract case.", "dbt [3/"):  # during extraction, then during dbt
        _kill_build_when(env, marker)
        assert snapshot.read_bytes() == before, marker  # never touched
        out = kpi(env, "sql", FIGURES, "--csv").stdout.splitlines()
        assert len(out) == 2  # the snapshot answers, as a reader would ask
        assert _figures(snapshot) == figures

    kpi(env, "build")  # the killed builds' lock and leftovers do not stop the next one
    assert _figures(snapshot) == figures  # same sources, same figures
    assert kpi(env, "verify").returncode == 0


# Twenty readers: sixteen dashboard sessions (a page's scoped query on the dashboard's pooled
# connections, then a pause as a person reads it) and four `kpi sql` users (each a new
# process, as at a terminal, with a pause to read the answer: back to back, four Python
# start-ups starve the builds of CPU).
SESSIONS, SQL_USERS, PAUSE_SECONDS, SQL_PAUSE_SECONDS = 16, 4, 0.2, 2.0
ADMIN = Scope("admin", 1, ("admin",))


def test_twenty_readers_through_two_rebuilds_see_no_error(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    data, env = _copy_demo(demo_build, tmp_path)
    snapshot = data / "warehouse" / "published.duckdb"
    expected = _figures(snapshot)
    stop = threading.Event()
    errors: list[str] = []
    reads = [0]
    lock = threading.Lock()

    def note(ok: bool, detail: str) -> None:
        with lock:
            reads[0] += 1
            if not ok:
                errors.append(detail)

    def dashboard_session() -> None:  # what a page does: one scoped query per run
        while not stop.is_set():
            try:
                row = query(ADMIN, snapshot, FIGURES, pooled=True).iloc[0]
                note(tuple(row) == expected, f"dashboard read {tuple(row)}")
            except Exception as exc:  # noqa: BLE001 - every failure is the finding
                note(False, f"dashboard: {exc!r}")
            stop.wait(PAUSE_SECONDS)

    def sql_user() -> None:
        while not stop.is_set():
            proc = kpi(env, "sql", FIGURES, "--csv", check=False)
            note(proc.returncode == 0, f"kpi sql: {proc.stderr[-500:]}")
            stop.wait(SQL_PAUSE_SECONDS)

    threads = [threading.Thread(target=dashboard_session) for _ in range(SESSIONS)]
    threads += [threading.Thread(target=sql_user) for _ in range(SQL_USERS)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(2):  # --full: each rebuilds and publishes a new file
            kpi(env, "build", "--full")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert reads[0] >= 40, reads
    assert errors == [], errors[:5]


def test_a_full_disk_while_publishing_leaves_the_snapshot_intact(
    demo_build: DemoBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _ = _copy_demo(demo_build, tmp_path)
    warehouse = data / "warehouse"
    snapshot = warehouse / "published.duckdb"
    before = snapshot.read_bytes()

    def copy_until_full(src: Path, dst: Path) -> None:
        with open(src, "rb") as fin, open(dst, "wb") as fout:
            fout.write(fin.read(1 << 20))  # the first megabyte fits, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(publish.shutil, "copyfile", copy_until_full)
    with pytest.raises(publish.PublishBlocked) as failure:
        publish.publish(warehouse / "build.duckdb", snapshot)
    assert "磁盘空间不足" in str(failure.value) and "disk is full" in str(failure.value)
    assert snapshot.read_bytes() == before
    assert not list(warehouse.glob(".published.duckdb.*.tmp"))  # the partial copy is gone

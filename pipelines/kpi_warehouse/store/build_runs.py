"""Start `kpi build` in the background (the admin page's button), and tell whether a build
is running and how the last one started this way ended.

The store package may not import the pipeline, so the build runs as a process: this
module's runner (``python -m kpi_warehouse.store.build_runs RUN_ID ...``) starts
``python -m kpi_warehouse.cli build`` as its child, waits for it, and appends the outcome
to the audit log (``build_finish``, with the exit code and the end of the output).

One build at a time: the starter takes ``<data>/warehouse/browser-build.lock`` (flock,
without waiting), hands the locked descriptor to the runner and closes its own copy, so
the lock is held until the runner ends and two starts can never both pass. A build started
elsewhere (`kpi build`, Dagster) holds the pipeline's writer lock, whose file names its
holder while held; the starter refuses then too (and the build would refuse a second
writer anyway). Every start, refused or not, is in the audit log (``build_start``).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from kpi_warehouse.store import audit, db
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.models import AuditEvent

TAIL_CHARS = 1500


class BuildBusy(RuntimeError):
    """A build is running already."""


@dataclass(frozen=True)
class BuildStatus:
    running: bool
    elsewhere: str | None  # the writer lock's holder, when a build runs outside the browser
    started: AuditEvent | None  # the newest accepted start
    finished: AuditEvent | None  # the newest outcome

    @property
    def detail(self) -> dict[str, object]:
        if self.finished is None or not self.finished.detail:
            return {}
        return dict(json.loads(self.finished.detail))


def warehouse_dir() -> Path:
    """``$KPI_DATA_DIR/warehouse`` (the same rule as ``kpi_warehouse.config``)."""
    data_dir = os.environ.get("KPI_DATA_DIR")
    base = Path(data_dir).resolve() if data_dir else db.REPO_ROOT / "data"
    return base / "warehouse"


def _launch_lock() -> Path:
    return warehouse_dir() / "browser-build.lock"


def _writer_holder() -> str | None:
    """Who holds the pipeline's writer lock (its file names the holder while held)."""
    path = warehouse_dir() / "build.duckdb.lock"
    try:
        text = path.read_text(errors="replace").strip()
    except OSError:
        return None
    if not text.startswith("pid "):
        return None
    try:
        pid = int(text.split(",")[0].split()[1])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError):
        return None  # left by a process that was killed
    except PermissionError:
        pass  # alive, another user's
    return text


def _browser_build_running() -> bool:
    path = _launch_lock()
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def status(url: str | None = None) -> BuildStatus:
    starts = [e for e in audit.events(action="build_start", limit=20, url=url) if e.outcome == "ok"]
    finishes = audit.events(action="build_finish", limit=1, url=url)
    elsewhere = _writer_holder()
    running = _browser_build_running()
    return BuildStatus(
        running or elsewhere is not None,
        None if running else elsewhere,
        starts[0] if starts else None,
        finishes[0] if finishes else None,
    )


def _busy(actor: Actor, why: str, url: str | None) -> BuildBusy:
    audit.record(actor, "build_start", "refused", target="build", detail={"why": why}, url=url)
    return BuildBusy(
        f"已有构建正在运行（{why}），未启动新的构建；请待其结束后再试 / a build is running "
        f"already ({why}); no new build was started — try again when it has finished"
    )


@dataclass(frozen=True)
class Started:
    run_id: str
    pid: int  # the runner's, leader of its own process group


def start(actor: Actor, url: str | None = None) -> Started:
    """Start `kpi build` in the background. BuildBusy when one is running."""
    lock = _launch_lock()
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(actor, "started from the browser", url) from None
        holder = _writer_holder()
        if holder is not None:
            raise _busy(actor, holder, url)
        run_id = uuid.uuid4().hex[:8]
        logs = warehouse_dir() / "build-runs"
        logs.mkdir(parents=True, exist_ok=True)
        log = logs / f"{db.now():%Y%m%dT%H%M%S}-{run_id}.log"
        audit.record(actor, "build_start", "ok", target=f"build:{run_id}",
                     detail={"log": str(log)}, url=url)  # fmt: skip
        runner = subprocess.Popen(
            [sys.executable, "-m", "kpi_warehouse.store.build_runs", run_id, actor.name,
             str(actor.account_id or ""), str(log), url or ""],
            pass_fds=(fd,), start_new_session=True, cwd=db.REPO_ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return Started(run_id, runner.pid)
    finally:
        os.close(fd)  # the runner keeps its copy (and the lock) until it ends


def _run(run_id: str, name: str, account_id: str, log: Path, url: str | None) -> int:
    with log.open("wb") as out:
        code = subprocess.call(
            [sys.executable, "-m", "kpi_warehouse.cli", "build"],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=db.REPO_ROOT,
        )  # fmt: skip
    tail = log.read_text(encoding="utf-8", errors="replace")[-TAIL_CHARS:]
    actor = Actor(name, int(account_id) if account_id else None)
    audit.record(actor, "build_finish", "ok" if code == 0 else "failed",
                 target=f"build:{run_id}", detail={"exit_code": code, "log": str(log),
                                                   "output": tail}, url=url)  # fmt: skip
    return code


if __name__ == "__main__":
    _id, _name, _account, _log, _url = sys.argv[1:6]
    raise SystemExit(_run(_id, _name, _account, Path(_log), _url or None))

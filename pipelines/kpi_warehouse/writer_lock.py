"""One writer of the build file at a time, across processes: an advisory file lock.

The Dagster pool ``duckdb_writer`` (limit 1) orders the steps of runs that share one Dagster
instance. This lock covers what the pool cannot see: a `kpi build` (its own in-process run)
and a `dagster dev` run of the same data folder. Whoever holds ``<build>.lock`` writes; anyone
else is refused at once with a message naming the holder. The lock is released by the
kernel when its process ends, so a killed build never leaves it held.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

_held: dict[Path, int] = {}  # lock path → depth, for this process (re-entrant)


class BuildBusy(RuntimeError):
    """Another process is writing the build file."""


def lock_path(build_db: Path) -> Path:
    return build_db.with_name(build_db.name + ".lock")


@contextmanager
def writer_lock(build_db: Path) -> Iterator[None]:
    """Hold the build file's writer lock, or raise :class:`BuildBusy` without waiting.

    Re-entrant within a process: `kpi build` holds it for the whole run and its in-process
    steps take it again.
    """
    path = lock_path(build_db).resolve()
    if _held.get(path):
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "?"
            raise BuildBusy(
                f"另一个构建正在写入 {build_db}（{holder}），请待其结束后再运行 / "
                f"another build is writing {build_db} ({holder}); run again when it has finished"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, since {datetime.now():%Y-%m-%d %H:%M:%S}".encode(), 0)
        _held[path] = 1
        try:
            yield
        finally:
            del _held[path]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

"""Ready scoped connections for the dashboard's own queries, kept per scope and snapshot.

Opening a scoped connection — attach the snapshot read-only, build the grants, create a
view per mart, lock the configuration — costs about 0.2 s on a province's snapshot, far more
than a drill-down query itself (milliseconds). The dashboard therefore keeps the connections
it has prepared, keyed by the account's ``Scope``, the snapshot's path *as the file is now*
(modification time, inode, size) and the limits. A connection is used by one query at a
time and never shared between scopes; it is closed when the snapshot is replaced (a new
publish is a new file: the old connection would still read the old one), when it has been
idle for ``IDLE_SECONDS``, when its query failed, or when there are more than
``MAX_IDLE`` idle connections. Only the product's own vetted statements use the pool; the
SQL console opens a fresh connection per statement.

A process that rewrites a snapshot in place (the pipeline never does: it publishes a new
file and renames it) must first call :func:`release` for that path: DuckDB lets one process
hold a file either read-only (here) or read-write, not both.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb

IDLE_SECONDS = 120.0
MAX_IDLE = 32

_Key = tuple[Any, str, str, Any]  # scope, path, file version, limits
_lock = threading.Lock()
_idle: list[tuple[_Key, duckdb.DuckDBPyConnection, float]] = []


def file_version(path: str | Path) -> str:
    stat = os.stat(path)
    return f"{stat.st_mtime_ns}-{stat.st_ino}-{stat.st_size}"


def _close(connections: list[duckdb.DuckDBPyConnection]) -> None:
    for con in connections:
        with suppress(duckdb.Error):
            con.close()


def _take(key: _Key) -> duckdb.DuckDBPyConnection | None:
    now = time.monotonic()
    stale: list[duckdb.DuckDBPyConnection] = []
    found = None
    with _lock:
        keep = []
        for entry in _idle:
            k, con, used = entry
            same_file_replaced = k[1] == key[1] and k[2] != key[2]
            if same_file_replaced or now - used > IDLE_SECONDS:
                stale.append(con)
            elif found is None and k == key:
                found = con
            else:
                keep.append(entry)
        _idle[:] = keep
    _close(stale)
    return found


def _give(key: _Key, con: duckdb.DuckDBPyConnection) -> None:
    with _lock:
        _idle.append((key, con, time.monotonic()))
        surplus = [c for _, c, _ in _idle[:-MAX_IDLE]] if len(_idle) > MAX_IDLE else []
        del _idle[: len(surplus)]
    _close(surplus)


def release(path: str | Path | None = None) -> None:
    """Close the idle connections of ``path`` (of every snapshot if None)."""
    wanted = None if path is None else str(path)
    with _lock:
        closing = [c for k, c, _ in _idle if wanted is None or k[1] == wanted]
        _idle[:] = [e for e in _idle if not (wanted is None or e[0][1] == wanted)]
    _close(closing)


@contextmanager
def pooled(
    scope: Any,
    snapshot: str | Path,
    limits: Any,
    prepare: Callable[[], duckdb.DuckDBPyConnection],
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A prepared scoped connection for ``scope`` on the snapshot as it is now; ``prepare``
    makes a new one when none is idle. Returned to the pool only if the block succeeded."""
    key: _Key = (scope, str(snapshot), file_version(snapshot), limits)
    con = _take(key) or prepare()
    try:
        yield con
    except BaseException:
        _close([con])
        raise
    _give(key, con)

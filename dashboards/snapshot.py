"""Find the published snapshot and open short-lived read-only connections to it.

The pipeline replaces the snapshot file atomically (os.replace), so the dashboard never
holds a connection: each query opens the file read-only and closes it right after.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

ENV_SNAPSHOT = "KPI_SNAPSHOT"
ENV_DATA_DIR = "KPI_DATA_DIR"
REPO_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_RELATIVE = Path("warehouse") / "published.duckdb"

# The dashboard reads the snapshot file only: no other files, no extension downloads.
# Every connection uses the same configuration, because DuckDB refuses to open one file
# twice in a process with different settings.
CONNECT_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
}


class Snapshot(NamedTuple):
    """A published snapshot file; ``version`` changes whenever the file is replaced."""

    path: str
    version: str


def snapshot_path() -> Path:
    """KPI_SNAPSHOT, else $KPI_DATA_DIR/warehouse/published.duckdb, else <repo>/data/..."""
    explicit = os.environ.get(ENV_SNAPSHOT)
    if explicit:
        return Path(explicit)
    data_dir = os.environ.get(ENV_DATA_DIR)
    base = Path(data_dir) if data_dir else REPO_ROOT / "data"
    return base / SNAPSHOT_RELATIVE


def current_snapshot() -> Snapshot | None:
    """The snapshot as it is now, or None when nothing has been published."""
    path = snapshot_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    version = f"{stat.st_mtime_ns}-{stat.st_ino}-{stat.st_size}"
    return Snapshot(str(path), version)


@contextmanager
def connect(path: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection that is closed when the block ends."""
    con = duckdb.connect(path, read_only=True, config=CONNECT_CONFIG)
    try:
        yield con
    finally:
        con.close()


def fetch_df(path: str, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run one parameterised query (``?`` placeholders) and return its rows."""
    with connect(path) as con:
        return con.execute(sql, list(params)).df()

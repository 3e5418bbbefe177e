"""Find the published snapshot; read it only through the scope layer.

The pipeline replaces the snapshot file atomically (os.replace). Each query runs on a
scoped, read-only connection (``kpi_warehouse.store.scope``) prepared for the account's scope
and this very file (mtime, inode, size) and reused until the file is replaced
(``kpi_warehouse.store.scope_pool``). A query without a signed-in account's scope is
refused.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from kpi_warehouse.store.scope import Scope, query

ENV_SNAPSHOT = "KPI_SNAPSHOT"
ENV_DATA_DIR = "KPI_DATA_DIR"
REPO_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_RELATIVE = Path("warehouse") / "published.duckdb"


class Snapshot(NamedTuple):
    """A published snapshot file as one account sees it.

    ``version`` changes whenever the file is replaced; with ``scope`` it keys the caches,
    so two accounts never share cached rows.
    """

    path: str
    version: str
    scope: Scope | None = None


class NoScope(PermissionError):
    """A read was attempted without a signed-in account."""


def snapshot_path() -> Path:
    """KPI_SNAPSHOT, else $KPI_DATA_DIR/warehouse/published.duckdb, else <repo>/data/..."""
    explicit = os.environ.get(ENV_SNAPSHOT)
    if explicit:
        return Path(explicit)
    data_dir = os.environ.get(ENV_DATA_DIR)
    base = Path(data_dir) if data_dir else REPO_ROOT / "data"
    return base / SNAPSHOT_RELATIVE


def current_snapshot(scope: Scope | None = None) -> Snapshot | None:
    """The snapshot as it is now for ``scope`` (default: the signed-in account's), or
    None when nothing has been published."""
    path = snapshot_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    if scope is None:
        from dashboards.session import current_scope

        scope = current_scope()
    version = f"{stat.st_mtime_ns}-{stat.st_ino}-{stat.st_size}"
    return Snapshot(str(path), version, scope)


def fetch_df(snap: Snapshot, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run one parameterised query (``?`` placeholders) within the snapshot's scope."""
    if snap.scope is None:
        raise NoScope("无权查看：未登录 / not permitted: not signed in")
    return query(snap.scope, snap.path, sql, params, pooled=True)

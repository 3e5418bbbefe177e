"""Prepared scoped connections (the dashboard's pooled reads): never shared between scopes,
dropped when the snapshot file is replaced, not reused after a failed query, released for
a writer. Expected rows are those of ``tests/scope_snapshot.py`` (see test_scope.py)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.store import scope_pool
from kpi_warehouse.store.scope import Scope, query
from tests.scope_snapshot import build_scope_snapshot

ADMIN = Scope("admin", 1, ("admin",))
LEADER_D1 = Scope("leader_d1", 3, ("leader",), None, None, "D1")  # the district D1 only
PEOPLE = "SELECT appraisee_id FROM fct_appraisal WHERE appraisee_type = 'person' ORDER BY 1"


@pytest.fixture
def snap(tmp_path: Path) -> Path:
    yield build_scope_snapshot(tmp_path / "published.duckdb")
    scope_pool.release()


def ids(scope: Scope, snap: Path) -> list[str]:
    return list(query(scope, snap, PEOPLE, pooled=True).iloc[:, 0])


def test_each_scope_keeps_its_own_rows(snap: Path) -> None:
    everyone = [f"P{i}" for i in range(2, 10)]
    for _ in range(2):  # the second round runs on the connections the first prepared
        assert ids(ADMIN, snap) == everyone
        assert ids(LEADER_D1, snap) == ["P6", "P7", "P8"]


def test_a_replaced_snapshot_is_read_at_once(snap: Path, tmp_path: Path) -> None:
    assert "P9" in ids(ADMIN, snap)
    replacement = build_scope_snapshot(tmp_path / "next.duckdb")
    with duckdb.connect(str(replacement)) as con:
        con.execute("DELETE FROM fct_appraisal WHERE appraisee_id = 'P9'")
    os.replace(replacement, snap)  # as publish does
    assert "P9" not in ids(ADMIN, snap)


def test_a_failed_query_does_not_poison_the_connection(snap: Path) -> None:
    with pytest.raises(duckdb.Error):
        query(ADMIN, snap, "SELECT 1 / 'x'::INTEGER FROM dim_period", pooled=True)
    assert ids(ADMIN, snap)[0] == "P2"


def test_release_lets_a_writer_open_the_file(snap: Path) -> None:
    ids(ADMIN, snap)
    scope_pool.release(snap)
    with duckdb.connect(str(snap)) as con:  # read-write in this process: the pool let go
        con.execute("DELETE FROM fct_appraisal WHERE appraisee_id = 'P2'")
    assert "P2" not in ids(ADMIN, snap)

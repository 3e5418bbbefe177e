"""Change detection: an unchanged build is not redone; any change to a source is seen —
including a record corrected in place without touching its ``updated_at``."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import duckdb
import pyarrow as pa

from kpi_warehouse.extract.changes import content_digest, file_signature
from tests.conftest import DemoBuild, demo_env, kpi


def test_content_digest_ignores_row_order_and_sees_any_value() -> None:
    con = duckdb.connect()
    rows = pa.table({"id": ["a", "b", "c"], "score": [1.0, None, 2.5]})
    shuffled = pa.table({"id": ["c", "a", "b"], "score": [2.5, 1.0, None]})
    edited = pa.table({"id": ["a", "b", "c"], "score": [1.0, None, 2.0]})
    renamed = pa.table({"id": ["a", "b", "c"], "points": [1.0, None, 2.5]})
    assert content_digest(con, rows) == content_digest(con, shuffled)
    assert content_digest(con, rows) != content_digest(con, edited)
    assert content_digest(con, rows) != content_digest(con, renamed)


def test_file_signature_changes_with_a_write_not_with_a_read(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (id TEXT, status TEXT)")
        db.execute("INSERT INTO t VALUES ('r1', 'on_time')")
    url = f"sqlite:///{path}"
    first = file_signature(url)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM t").fetchone() == (1,)
    assert file_signature(url) == first
    with sqlite3.connect(path) as db:  # same size: one value changed in place
        db.execute("UPDATE t SET status = 'absent' WHERE id = 'r1'")
    assert file_signature(url) != first
    assert file_signature(f"sqlite:///{tmp_path / 'missing.sqlite'}") is None


def _snapshot_row(snapshot: Path, sql: str, params: list[object]) -> tuple:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(sql, params).fetchone()


def test_unchanged_build_is_skipped_and_an_in_place_correction_is_rebuilt(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_build.data_dir, data, ignore=shutil.ignore_patterns("dbt_target"))
    env = demo_env(data)
    snapshot = data / "warehouse" / "published.duckdb"
    published = snapshot.stat().st_mtime_ns

    same = kpi(env, "build")
    assert "the snapshot is up to date" in same.stdout
    assert "file unchanged, not read" in same.stderr
    assert "inputs unchanged" in same.stderr
    assert snapshot.stat().st_mtime_ns == published  # not republished

    # --full trusts no file signature: every table is read again (and, its content being the
    # same, not rewritten); dbt and the publish run again.
    full = kpi(env, "build", "--full")
    assert "file unchanged, not read" not in full.stderr
    assert "content unchanged" in full.stderr
    assert "inputs unchanged" not in full.stderr
    assert snapshot.stat().st_mtime_ns != published

    # An attendance record corrected in the office system's own tools: status changed,
    # updated_at (and the row count) left as they were.
    office = data / "sources" / "office.sqlite"
    with sqlite3.connect(office) as db:
        record, stamp = db.execute(
            "SELECT record_id, updated_at FROM attendance WHERE status = 'on_time' "
            "ORDER BY work_date DESC, record_id LIMIT 1"
        ).fetchone()
        db.execute("UPDATE attendance SET status = 'absent' WHERE record_id = ?", (record,))
        assert db.execute(
            "SELECT updated_at FROM attendance WHERE record_id = ?", (record,)
        ).fetchone() == (stamp,)
    fact = "SELECT kind FROM fct_activity WHERE source_table = 'attendance' AND source_key = ?"
    assert _snapshot_row(snapshot, fact, [record]) == ("on_time",)

    changed = kpi(env, "build")
    assert "built and published" in changed.stdout
    assert "extract office.attendance" in changed.stderr
    # The case system's file was not touched: not read again.
    case_lines = [line for line in changed.stderr.splitlines() if "extract case." in line]
    assert case_lines and all("file unchanged, not read" in line for line in case_lines)
    assert _snapshot_row(snapshot, fact, [record]) == ("absent",)

    # --full redoes everything from the same inputs: a new file, the same content.
    content = _snapshot_row(snapshot, "SELECT content_sha256 FROM meta_snapshot", [])
    before_full = snapshot.stat().st_mtime_ns
    kpi(env, "build", "--full")
    assert snapshot.stat().st_mtime_ns != before_full
    assert _snapshot_row(snapshot, "SELECT content_sha256 FROM meta_snapshot", []) == content

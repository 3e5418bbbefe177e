"""A snapshot that proves itself: meta_snapshot's record, its content hash, `kpi verify`."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import duckdb

from kpi_warehouse.snapshot_meta import content_sha256, table_digest
from tests.conftest import DemoBuild, kpi


def _db(path: Path, rows: list[tuple[int, float, str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE fct_x (a INTEGER, b DOUBLE, c VARCHAR)")
    con.executemany("INSERT INTO fct_x VALUES (?, ?, ?)", rows)
    con.execute("CREATE TABLE meta_snapshot (built_at TIMESTAMP)")
    con.execute("INSERT INTO meta_snapshot VALUES (now())")
    return con


def test_content_hash_ignores_row_order_float_noise_and_meta(tmp_path: Path) -> None:
    rows = [(1, 0.3, "甲"), (2, 1.5, "乙"), (3, 2.25, None)]
    with _db(tmp_path / "a.duckdb", rows) as a, _db(tmp_path / "b.duckdb", rows[::-1]) as b:
        b.execute("UPDATE fct_x SET b = 0.1::DOUBLE + 0.2::DOUBLE WHERE a = 1")
        assert b.execute("SELECT b != 0.3 FROM fct_x WHERE a = 1").fetchone()[0]
        assert content_sha256(a) == content_sha256(b)
        # 3 rows, whatever else: the digest names the table and its row count.
        assert table_digest(a, "fct_x").startswith("fct_x|3|")
        b.execute("UPDATE fct_x SET c = '丙' WHERE a = 3")  # one real change
        assert content_sha256(a) != content_sha256(b)


def test_a_duplicated_row_changes_the_hash(tmp_path: Path) -> None:
    rows = [(1, 1.0, "x"), (2, 2.0, "y")]
    with _db(tmp_path / "a.duckdb", rows) as a, _db(tmp_path / "b.duckdb", rows * 2) as b:
        assert content_sha256(a) != content_sha256(b)


def test_meta_snapshot_records_sources_dbt_and_hash(demo_build: DemoBuild) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        sources_json, dbt_json, sha = con.execute(
            "SELECT sources, dbt_invocation, content_sha256 FROM meta_snapshot"
        ).fetchone()
        assert sha == content_sha256(con)
    sources = json.loads(sources_json)
    dbt = json.loads(dbt_json)
    with sqlite3.connect(demo_build.sources / "app.sqlite") as app:
        bulletins = app.execute(
            "SELECT count(*), max(max(published_date), max(updated_at)) FROM reg_bulletins"
        ).fetchone()
    assert sources["app__reg_bulletins"] == {"rows": bulletins[0], "watermark": bulletins[1]}
    assert len(dbt["invocation_id"]) == 36 and dbt["dbt_version"].startswith("1.11")


def test_kpi_verify_passes_then_catches_a_changed_figure(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    ok = kpi(demo_build.env, "verify")
    assert ok.returncode == 0 and "快照完整 / snapshot intact" in ok.stdout
    copy = tmp_path / "published.duckdb"
    shutil.copyfile(demo_build.snapshot, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE fct_appraisal SET total = total + 1 WHERE rowid = 0")
    bad = kpi(demo_build.env, "verify", "--snapshot", str(copy), check=False)
    assert bad.returncode == 1
    assert "快照内容与记录不符" in bad.stderr and "does not match its record" in bad.stderr

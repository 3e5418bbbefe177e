"""The analysts' SQL console: read-only statements run, anything else is refused."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from apptest_text import page_text

from dashboards.readonly_sql import Verdict, check_statement, run_query, to_csv_bytes

SQL_PAGE = "views/sql_console.py"


def submit(at, sql: str):
    at.text_area(key="sql_text").set_value(sql)
    at.button[0].click()  # the form's submit button
    return at.run()


def test_console_runs_a_select(synthetic_snapshot: Path, app_test):
    at = app_test(SQL_PAGE)
    assert not at.exception
    assert "SQL 查询（只读）" in page_text(at)
    sql = (
        "SELECT appraisee_id, total FROM fct_appraisal "
        "WHERE period_id = '2026Q1' ORDER BY total DESC"
    )
    submit(at, sql)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    result = at.dataframe[0].value
    assert list(result["appraisee_id"])[:2] == ["P005", "P001"]
    assert list(result["total"])[:2] == [95.0, 92.5]
    assert "返回 7 行。" in page_text(at)
    assert at.get("download_button")


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE fct_appraisal",
        "INSERT INTO meta_snapshot VALUES (now(), 'x', 'y')",
        "WITH x AS (SELECT 1) INSERT INTO fct_evidence SELECT NULL, NULL, NULL FROM x",
    ],
)
def test_console_refuses_writes(synthetic_snapshot: Path, app_test, sql: str):
    at = submit(app_test(SQL_PAGE), sql)
    assert not at.exception
    assert [e.value for e in at.error] == [
        "已拒绝：只允许单条 SELECT、WITH、DESCRIBE 或 SHOW 语句。"
    ]
    with duckdb.connect(str(synthetic_snapshot), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM fct_appraisal").fetchone() == (8,)


def test_console_refuses_two_statements(synthetic_snapshot: Path, app_test):
    at = submit(app_test(SQL_PAGE), "SELECT 1; DROP TABLE fct_appraisal")
    assert [e.value for e in at.error] == ["已拒绝：一次只能执行一条语句。"]


def test_console_reports_errors_in_chinese(synthetic_snapshot: Path, app_test):
    at = submit(app_test(SQL_PAGE), "SELECT no_such_column FROM fct_appraisal")
    assert not at.exception
    assert at.error and at.error[0].value.startswith("查询失败：")
    at = submit(at, "SELEC 1")
    assert at.error[0].value.startswith("SQL 语法错误：")


@pytest.mark.parametrize(
    ("sql", "verdict"),
    [
        ("SELECT 1", Verdict.OK),
        ("  -- leading comment\n with x AS (SELECT 1) SELECT * FROM x;", Verdict.OK),
        ("DESCRIBE fct_appraisal", Verdict.OK),
        ("SHOW TABLES", Verdict.OK),
        ("", Verdict.EMPTY),
        ("-- only a comment", Verdict.EMPTY),
        ("SELECT 1; SELECT 2", Verdict.MULTIPLE),
        ("DROP TABLE t", Verdict.NOT_READ_ONLY),
        ("UPDATE t SET a = 1", Verdict.NOT_READ_ONLY),
        ("COPY t TO '/tmp/out.csv'", Verdict.NOT_READ_ONLY),
        ("ATTACH '/tmp/other.duckdb'", Verdict.NOT_READ_ONLY),
        ("PRAGMA show_tables", Verdict.NOT_READ_ONLY),
        ("EXPLAIN SELECT 1", Verdict.NOT_READ_ONLY),
        ("SELEC 1", Verdict.SYNTAX),
    ],
)
def test_check_statement(sql: str, verdict: Verdict):
    assert check_statement(sql).verdict is verdict


def test_run_query_has_no_file_access(synthetic_snapshot: Path):
    with pytest.raises(duckdb.Error):
        run_query(str(synthetic_snapshot), "SELECT * FROM read_csv('/etc/hostname')")


def test_run_query_truncates_and_csv_keeps_chinese(synthetic_snapshot: Path):
    result = run_query(str(synthetic_snapshot), "SELECT person_name FROM dim_person", max_rows=4)
    assert result.truncated and len(result.frame) == 4
    csv = to_csv_bytes(result.frame)
    assert csv.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")["person_name"][0] == "张伟"

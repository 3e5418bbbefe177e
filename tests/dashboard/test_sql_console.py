"""The SQL console page: analysts and admins run one read-only statement within their
scope; anything else is refused, and every statement is in the audit log. (The sandbox
itself is tested statement by statement in tests/test_sql_sandbox.py.)"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from apptest_text import page_text

from kpi_warehouse.store import audit

SQL_PAGE = "views/sql_console.py"
REFUSED = "已拒绝：只允许单条 SELECT 查询（含 WITH、DESCRIBE、SUMMARIZE）。"


def submit(at, sql: str):
    at.text_area(key="sql_text").set_value(sql)
    at.button(key="FormSubmitter:sql_console-运行查询").click()
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
    [event] = audit.events(action="sql", limit=1)
    assert (event.actor, event.outcome, event.rows) == ("admin", "ok", 7)
    assert sql in event.detail


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE fct_appraisal",
        "INSERT INTO meta_snapshot VALUES (now(), 'x', 'y')",
        "WITH x AS (SELECT 1) INSERT INTO fct_evidence SELECT NULL, NULL, NULL FROM x",
        "COPY fct_appraisal TO '/tmp/kpi-console-test.csv'",
        "SHOW TABLES",
    ],
)
def test_console_refuses_writes_and_files(synthetic_snapshot: Path, app_test, sql: str):
    at = submit(app_test(SQL_PAGE), sql)
    assert not at.exception
    assert [e.value for e in at.error] == [REFUSED]
    with duckdb.connect(str(synthetic_snapshot), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM fct_appraisal").fetchone() == (8,)
    assert not Path("/tmp/kpi-console-test.csv").exists()


def test_console_refuses_two_statements(synthetic_snapshot: Path, app_test):
    at = submit(app_test(SQL_PAGE), "SELECT 1; DROP TABLE fct_appraisal")
    assert [e.value for e in at.error] == ["已拒绝：一次只能执行一条语句。"]


def test_console_refuses_tables_outside_the_marts(synthetic_snapshot: Path, app_test):
    at = submit(app_test(SQL_PAGE), "SELECT * FROM raw.app__ratings")
    assert [e.value for e in at.error] == [
        "已拒绝：只能查询下列本账户可见的数据表（raw.app__ratings）。"
    ]
    at = submit(at, "SELECT * FROM read_text('/etc/passwd')")
    assert [e.value for e in at.error] == ["已拒绝：不允许使用表函数（read_text）。"]


def test_console_reports_errors_in_chinese(synthetic_snapshot: Path, app_test):
    at = submit(app_test(SQL_PAGE), "SELECT no_such_column FROM fct_appraisal")
    assert not at.exception
    assert at.error and at.error[0].value.startswith("查询失败：")
    at = submit(at, "SELEC 1")
    assert at.error[0].value.startswith("SQL 语法错误：")


def test_analyst_queries_within_the_procuratorate(synthetic_snapshot: Path, app_test):
    at = app_test(SQL_PAGE, user="analyst_c")
    assert "fct_rating_summary" in page_text(at) or at.expander  # the table list is there
    at = submit(at, "SELECT DISTINCT appraisee_id FROM fct_appraisal "
                    "WHERE appraisee_type = 'person' ORDER BY 1")  # fmt: skip
    assert not at.error, [e.value for e in at.error]
    assert list(at.dataframe[0].value["appraisee_id"]) == ["P001", "P002", "P003", "P004"]


@pytest.mark.parametrize("user", ["staff_p002", "head_c", "leader_c"])
def test_console_is_refused_to_other_roles(synthetic_snapshot: Path, app_test, user: str):
    at = app_test(SQL_PAGE, user=user)
    assert not at.exception
    assert [e.value for e in at.error] == ["无权查看 / not permitted"]
    assert "您的角色无权使用此页面。" in page_text(at)
    assert not at.text_area
    assert "SQL 查询" not in [link.label for link in at.sidebar.page_link]

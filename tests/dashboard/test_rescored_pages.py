"""A re-scored period on the person and department pages (AppTest on the synthetic
snapshot): the mark with when and why, the earlier total and grade beside the new ones,
and the earlier results read through the scope layer with fct_appraisal's row rule."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from apptest_text import page_text

from kpi_warehouse.store import accounts
from kpi_warehouse.store.scope import query, scope_for

PERSON = "views/person.py"
DEPARTMENT = "views/department.py"
CLOSED_AT = datetime(2026, 4, 5, 9, 0)
REOPENED_AT = datetime(2026, 4, 20, 14, 30)
REASON = "申诉复核后更正考勤记录"

# The 2026Q1 results as they stood when the quarter was closed (the synthetic snapshot's
# fct_appraisal holds the new ones: P001 92.5 优秀 1/2, P002 85 良好, P003 78.25 称职 2/2,
# P004 88 良好, P005 95 优秀, P006 58.5 undetermined).
# appraisee, org unit, category, total, rank, size, grade
EARLIER = [
    ("P001", "PRC-C-gongsu", "中层干部", 88.0, 2, 2, "良好"),
    ("P002", "PRC-C-gongsu", "一般工作人员", 85.0, 1, 1, "良好"),
    ("P003", "PRC-C-gongsu", "中层干部", 90.0, 1, 2, "优秀"),
    ("P004", "PRC-C-office", "一般工作人员", 88.0, 1, 1, "良好"),
    ("P005", "PRC-D1-gongsu", "科级干部", 95.0, 1, 1, "优秀"),
    ("P006", "PRC-D1-gongsu", "一般工作人员", 61.0, 1, 1, "称职"),
]


@pytest.fixture
def rescored(synthetic_snapshot: Path) -> Path:
    with duckdb.connect(str(synthetic_snapshot)) as con:
        con.executemany(
            "INSERT INTO fct_rescored_appraisal VALUES ('2026Q1', 'PRC-2026', 'v1', 'person', "
            "?, ?, ?, ?, ?, ?, ?, 'graded', ?, 'office', ?, 'boss', ?, '2026Q1-x.duckdb')",
            [(*row, CLOSED_AT, REOPENED_AT, REASON) for row in EARLIER],
        )
    return synthetic_snapshot


def beside(at, column: str = "重新评分前"):  # the earlier-beside-new table, or None
    found = [t.value for t in at.table if column in t.value.columns]
    assert len(found) <= 1
    return found[0] if found else None


def assert_clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_the_person_page_marks_the_period_and_shows_the_earlier_result(rescored, app_test):
    at = app_test(PERSON, period="2026Q1", org_unit="PRC-C-gongsu", person="P001")
    assert_clean(at)
    [mark] = [w.value for w in at.warning if "本期已重新评分" in w.value]
    assert "2026Q1 原于 2026-04-05 09:00 由 office 结账" in mark
    assert "2026-04-20 14:30 由 boss 重新开放并重新评分" in mark
    assert REASON in mark
    frame = beside(at)
    assert list(frame.columns) == ["重新评分前", "重新评分后"]
    assert frame.to_dict("index") == {
        "总分": {"重新评分前": "88", "重新评分后": "92.5"},
        "类别内排名": {"重新评分前": "2 / 2", "重新评分后": "1 / 2"},
        "等次": {"重新评分前": "良好", "重新评分后": "优秀"},
        "考核规范版本": {"重新评分前": "v1", "重新评分后": "v1"},
    }


def test_english_and_an_unmarked_period(rescored, app_test):
    at = app_test(PERSON, lang="en", period="2026Q1", person="P003")
    assert_clean(at)
    text = page_text(at)
    assert "Re-scored" in text and f"Reason: {REASON}" in text
    frame = beside(at, "Before re-scoring")
    assert frame.loc["Total"].tolist() == ["90", "78.25"]
    assert frame.loc["Grade"].tolist() == ["Excellent", "Competent"]
    # 2025Q4 was never reopened: no mark, no table.
    at = app_test(PERSON, period="2025Q4", person="P001")
    assert_clean(at)
    assert "本期已重新评分" not in page_text(at) and beside(at) is None


def test_the_department_page_lists_earlier_and_new_side_by_side(rescored, app_test):
    at = app_test(DEPARTMENT, period="2026Q1", org_unit="PRC-D1-gongsu")
    assert_clean(at)
    text = page_text(at)
    assert "重新评分前后" in text and "本期已重新评分" in text and REASON in text
    table = beside(at, "原总分")
    assert table.to_dict("index") == {
        "陈静": {"原总分": "95", "原等次": "优秀", "现总分": "95", "现等次": "优秀"},
        "刘洋": {"原总分": "61", "原等次": "称职", "现总分": "58.5", "现等次": "待定"},
    }


def test_nothing_is_marked_when_no_period_was_rescored(synthetic_snapshot, app_test):
    at = app_test(PERSON, period="2026Q1", person="P001")
    assert_clean(at)
    assert "本期已重新评分" not in page_text(at) and beside(at) is None


@pytest.mark.parametrize(
    "username", ["admin", "leader_c", "analyst_c", "head_c", "staff_p002", "clerk_p004"]
)
def test_an_earlier_result_shows_to_exactly_those_who_see_the_result(
    rescored, dashboard_store_url: str, username: str
):
    scope = scope_for(accounts.find(username, dashboard_store_url), dashboard_store_url)
    sql = "SELECT appraisee_id FROM {} WHERE period_id = '2026Q1' AND appraisee_type = 'person'"
    now = set(query(scope, rescored, sql.format("fct_appraisal"))["appraisee_id"])
    before = set(query(scope, rescored, sql.format("fct_rescored_appraisal"))["appraisee_id"])
    assert before == now
    if username == "clerk_p004":  # staff of 办公室: their own (and their office's) only
        assert before == {"P004"}

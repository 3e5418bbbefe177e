"""The leaders' pages (issue 13) in Streamlit's AppTest, on the synthetic snapshot plus
tests/dashboard/leaders_fixture.py. Every expected figure is worked out by hand from the
fixture's rows; the arithmetic is written beside it.

2026Q1 person results (conftest): P001 92.5 优秀, P002 85 良好, P003 78.25 称职 (city
第一检察部), P004 88 良好 (city 办公室), P005 95 优秀, P006 58.5 undetermined (district
第一检察部). 2025Q4: P001 80 良好 (rank 1/1). 2025Q1: P001 70 称职 (rank 1/1).
Year 2026: P001 86.25 优秀, P002 85 称职, P003 78.25 基本称职.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.dashboard.leaders_fixture import build_leaders_snapshot

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def leaders_snapshot(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    path = build_leaders_snapshot(tmp_path_factory.mktemp("leaders") / "published.duckdb")
    monkeypatch.setenv("KPI_SNAPSHOT", str(path))
    return path


def table_with(at, column: str) -> pd.DataFrame:
    """The one st.table whose columns include ``column``."""
    found = [tb.value for tb in at.table if column in tb.value.columns]
    assert len(found) == 1, [list(tb.value.columns) for tb in at.table]
    return found[0].reset_index(drop=True)


def rows(frame: pd.DataFrame) -> list[list[str]]:
    return [[str(v) for v in row] for row in frame.itertuples(index=False)]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_period_selector_offers_the_year_and_defaults_to_the_newest_quarter(
    leaders_snapshot: Path, app_test: Callable
):
    at = app_test("views/overview.py")
    box = at.selectbox(key="nav.select.period")
    # Years before their quarters, newest first; only periods with results (not 2026H1).
    assert box.options == ["2026年度", "2026年第1季度", "2025年第4季度", "2025年第1季度"]
    assert box.value == "2026Q1"


def test_overview_changes_against_previous_quarter_and_last_year(
    leaders_snapshot: Path, app_test: Callable
):
    at = app_test("views/overview.py", period="2026Q1")
    assert not at.exception
    table = table_with(at, "较上期")
    assert list(table.columns) == [
        "项目", "2026年第1季度", "上期（2025年第4季度）", "较上期", "去年同期（2025年第1季度）",
        "较去年同期",
    ]  # fmt: skip
    assert rows(table) == [
        # 6 appraised now; 1 (P001) in 2025Q4 and in 2025Q1
        ["参加考核人数", "6", "1", "+5", "1", "+5"],
        # (92.5 + 85 + 78.25 + 88 + 95 + 58.5) / 6 = 82.875; − 80 = 2.875; − 70 = 12.875
        ["平均分", "82.88", "80", "+2.88", "70", "+12.88"],
        ["优秀人数", "2", "0", "+2", "0", "+2"],  # P001, P005
        ["良好人数", "2", "1", "+1", "0", "+2"],  # P002, P004; P001 in 2025Q4
        ["称职人数", "1", "0", "+1", "1", "0"],  # P003; P001 in 2025Q1
        ["不称职人数", "0", "0", "0", "0", "0"],
        ["待定人数", "1", "0", "+1", "0", "+1"],  # P006
        # 3000 + 2400 + 1800 + 3000 = 10200; 2025Q4 2400; 2025Q1 1800
        ["绩效奖金合计（元）", "10200", "2400", "+7800", "1800", "+8400"],
    ]
    assert not [c for c in captions(at) if c.startswith("“—”")]  # both periods exist


def test_year_has_no_previous_year_and_says_why(leaders_snapshot: Path, app_test: Callable):
    at = app_test("views/overview.py", period="2026")
    table = table_with(at, "较上期")
    assert rows(table) == [
        ["参加考核人数", "3", "—", "—", "—", "—"],
        ["平均分", "83.17", "—", "—", "—", "—"],  # (86.25 + 85 + 78.25) / 3 = 83.1666…
        ["优秀人数", "1", "—", "—", "—", "—"],
        ["良好人数", "0", "—", "—", "—", "—"],
        ["称职人数", "1", "—", "—", "—", "—"],
        ["基本称职人数", "1", "—", "—", "—", "—"],  # shown: someone has it
        ["不称职人数", "0", "—", "—", "—", "—"],
        # the year's quarters' payouts of its three people: 3000 + 2400 + 1800
        ["绩效奖金合计（元）", "7200", "—", "—", "—", "—"],
    ]
    assert list(table.columns)[2] == "上期（2025年度）"
    assert (
        "“—”：上期和去年同期（2025年度）在已发布的数据中没有考核结果，无从比较"
        "（最早的考核结果为2026年度）。"
    ) in captions(at)


def test_overview_quota_use_and_the_rules_explained(leaders_snapshot: Path, app_test: Callable):
    at = app_test("views/overview.py", period="2026Q1")
    table = table_with(at, "名额")
    # Quotas over the whole spec: graded = P001..P005 = 5 (P006 undetermined is not
    # counted); 优秀 floor(5 × 0.4) = 2 places, used by P001 and P005; 良好 2, P002 and P004.
    spec, everyone = "江城市检察机关工作人员绩效考核细则", "全部参加考核人员"
    assert rows(table) == [
        [spec, everyone, "优秀", "5", "2人（40%）", "2", "0"],
        [spec, everyone, "良好", "5", "2人（40%）", "2", "0"],
    ]
    texts = [m.value for m in at.markdown]
    bands = "优秀：90分及以上；良好：80分及以上；称职：60分及以上；不称职：低于上一等次分数线"
    assert f"- 等次分数线：{bands}" in texts
    assert "- 名额（按全部参加考核人员计）：优秀不超过40%；良好不超过40%" in texts
    assert "- 每期绩效奖金：优秀 3000元；良好 2400元；称职 1800元；不称职 0元" in texts


def test_overview_payouts_rankings_and_trend(leaders_snapshot: Path, app_test: Callable):
    at = app_test("views/overview.py", period="2026Q1")
    payouts = table_with(at, "人均绩效奖金（元）")
    assert rows(payouts) == [
        # city 第一检察部: 3000 + 2400 + 1800 = 7200 over 3 people = 2400 each
        ["江城市人民检察院 · 第一检察部", "3", "7200", "2400"],
        # district 第一检察部: P005's 3000 over its 2 appraised people = 1500
        ["江城市东湖区人民检察院 · 第一检察部", "2", "3000", "1500"],
    ]
    ranking = table_with(at, "排名")
    assert rows(ranking) == [["第一检察部", "江城市东湖区人民检察院", "1 / 1", "88", "良好"]]
    assert len(at.get("vega_lite_chart")) == 3  # the histogram, grades and the trend


def test_department_people_changes_counterparts_and_year_quota(
    leaders_snapshot: Path, app_test: Callable
):
    at = app_test("views/department.py", period="2026Q1", org_unit="PRC-C-gongsu")
    assert not at.exception
    people = table_with(at, "总分较上期")
    assert rows(people) == [
        # 92.5 − 80 = +12.5; 92.5 − 70 = +22.5; rank 1 in 2025Q4 and now: 0 places moved
        ["张伟", "92.5", "+12.5", "+22.5", "1 / 2", "0", "优秀", "良好", "3000"],
        ["李娜", "85", "—", "—", "1 / 1", "—", "良好", "—", "2400"],
        ["王强", "78.25", "—", "—", "2 / 2", "—", "称职", "—", "1800"],
    ]
    counterparts = table_with(at, "人均办结案件（案）")
    assert rows(counterparts) == [
        # (92.5 + 85 + 78.25) / 3 = 85.25; 1 of 3 优秀; 7200 / 3; 案 30 + 30 = 60, / 3 = 20;
        # 件 36 + 30 = 66, 66 / 60 = 1.10; 审结 60 / 90 = 66.7 %; 超期 3 / 60 = 5.0 %
        ["江城市人民检察院 · 第一检察部（本部门）", "3", "85.25", "33.3%", "2400", "20.00",
         "1.10", "66.7%", "5.0%"],
        # (95 + 58.5) / 2 = 76.75; 1 of 2; 3000 / 2; 10 / 2 = 5; 12 / 10; 10 / 20; 1 / 10
        ["江城市东湖区人民检察院 · 第一检察部", "2", "76.75", "50.0%", "1500", "5.00", "1.20",
         "50.0%", "10.0%"],
    ]  # fmt: skip
    year = app_test("views/department.py", period="2026", org_unit="PRC-C-gongsu")
    quota = table_with(year, "名额")
    # Annual quota within the department: graded 3, 优秀 floor(3 × 0.5) = 1, used by P001.
    assert rows(quota) == [
        ["江城市检察机关工作人员绩效考核细则", "江城市人民检察院 · 第一检察部", "优秀", "3",
         "1人（50%）", "1", "0"],
    ]  # fmt: skip


def test_person_changes_payouts_trend_and_export(leaders_snapshot: Path, app_test: Callable):
    at = app_test("views/person.py", period="2026Q1", person="P001")
    assert not at.exception
    changes = table_with(at, "比较期间")
    assert rows(changes) == [
        ["上期（2025年第4季度）", "80", "+12.5", "1 / 1", "0", "良好"],
        ["去年同期（2025年第1季度）", "70", "+22.5", "1 / 1", "0", "称职"],
    ]
    payouts = table_with(at, "本年累计（元）")
    assert rows(payouts) == [["2026年第1季度", "优秀", "3000", "3000"]]
    assert len(at.get("vega_lite_chart")) == 1  # the person's trend
    assert [b.label for b in at.get("download_button")] == ["下载评定表（Excel）"]
    year = app_test("views/person.py", period="2026", person="P001")
    assert "年度等次依据：1个季度参加考核，季度等次依次为优秀（优秀1次，不称职0次）。" in captions(
        year
    )


def test_links_out_of_range_say_so(leaders_snapshot: Path, app_test: Callable):
    at = app_test("views/overview.py", period="2026H1")  # a period without results
    assert [w.value for w in at.warning] == [
        "链接中的考核期间“2026H1”没有考核结果，本页不显示其他期间的数据。请另选期间。"
    ]
    assert not at.table
    at = app_test("views/person.py", period="2025Q4", person="P002")  # no 2025Q4 result
    assert [w.value for w in at.warning] == [
        "链接中的人员“P002”在所选考核期间没有考核结果（或您无权查看其评分表），"
        "本页不显示其他人员。请另选人员或期间。"
    ]
    assert not [h for h in at.title if h.value in ("李娜", "张伟")]


def test_english_is_complete(leaders_snapshot: Path, app_test: Callable):
    at = app_test("views/department.py", lang="en", period="2026Q1", org_unit="PRC-C-gongsu")
    table = table_with(at, "Change vs previous")
    assert list(table.columns) == [
        "Figure", "2026 Q1", "Previous period (2025 Q4)", "Change vs previous",
        "Same period last year (2025 Q1)", "Change vs last year",
    ]  # fmt: skip
    assert table.iloc[2, 0] == "Excellent (people)"
    for frame in (table, table_with(at, "Places")):
        text = " ".join(map(str, frame.columns)) + " ".join(
            str(v) for v in frame.drop(columns=["Spec"], errors="ignore").to_numpy().ravel()
        )
        assert not CJK.search(text.replace("江城市人民检察院 · 第一检察部", "")), text
    headings = [h.value for h in at.subheader]
    assert "Against the same department in the other procuratorates" in headings
    assert not [h for h in headings if CJK.search(h)]


def test_print_view_renders_the_form(leaders_snapshot: Path, app_test: Callable):
    at = app_test("views/scorecard_print.py", period="2026Q1", person="P001")
    assert not at.exception
    body = " ".join(h.proto.body for h in at.get("html"))
    assert "<h1>季度绩效考核评定表</h1>" in body
    assert "评定时间：2026年第1季度" in body
    assert "<td>张伟</td>" in body
    # base score = 8.5 + 30 + 2 = 40.5; appraisal score 92.5
    assert "基础得分（各项得分之和）</th><td class='num'>40.5</td>" in body
    assert "考评得分</th><td class='num'>92.5</td>" in body

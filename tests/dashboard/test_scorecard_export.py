"""The appraisal form's Excel export, cell by cell, against values worked out by hand from
the synthetic snapshot (tests/dashboard/conftest.py) and tests/dashboard/leaders_fixture.py.

张伟 (P001), 2026Q1: 考勤纪律 8.5 of 10 (迟到 3 次), 办案数量 30 of 30 (64 件, capped),
表彰奖励 2 of 5; total 92.5, rank 1 of 2 in 中层干部, 优秀, payout 3000 (fixture).
"""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from dashboards.leaders.scorecard import to_excel
from dashboards.leaders.scorecard_data import build
from dashboards.snapshot import Snapshot
from kpi_warehouse.store.scope import Scope
from tests.dashboard.leaders_fixture import build_leaders_snapshot

ADMIN = Scope("admin", None, ("admin",))


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    path = build_leaders_snapshot(tmp_path_factory.mktemp("export") / "published.duckdb")
    return Snapshot(str(path), f"export-{path.stat().st_mtime_ns}", ADMIN)


def sheet_of(snap: Snapshot, period_id: str, person_id: str):
    card = build(snap, period_id, person_id)
    assert card is not None
    return load_workbook(BytesIO(to_excel(card))).active


def test_quarterly_form_cell_by_cell(snap: Snapshot):
    ws = sheet_of(snap, "2026Q1", "P001")
    assert ws.title == "评定表"
    expected = {
        "A1": "季度绩效考核评定表",
        "A2": "评定时间：2026年第1季度",
        "A3": "姓名", "B3": "张伟", "C3": "职务", "D3": "检察官",
        "A4": "部门", "B4": "江城市人民检察院 第一检察部", "C4": "类别", "D4": "中层干部",
        "A5": "序号", "B5": "考核项目", "C5": "分值", "D5": "得分", "E5": "计分依据",
        "A6": 1, "B6": "考勤纪律", "C6": 10, "D6": 8.5, "E6": "迟到 3 次，旷工 0 天",
        "A7": 2, "B7": "办案数量", "C7": 30, "D7": 30, "E7": "承办案件 64 件",
        "A8": 3, "B8": "表彰奖励", "C8": 5, "D8": 2, "E8": "市级表彰 1 项",
        "A9": "基础得分（各项得分之和）", "D9": 40.5,  # 8.5 + 30 + 2
        "A10": "考评得分", "D10": 92.5,
        "A11": "排名", "D11": "1 / 2",
        "A12": "等级评定", "D12": "优秀",
        "A13": "绩效奖金（元）", "D13": 3000,
        "A14": "备注", "B14": None,
        "A15": "评分说明",
        "B15": "等次分数线：优秀：90分及以上；良好：80分及以上；称职：60分及以上；"
        "不称职：低于上一等次分数线\n"
        "名额（按全部参加考核人员计）：优秀不超过40%；良好不超过40%\n"
        "名额计算：参加定等人数（含直接确定等次的，不含暂缓确定和不定等次的）"
        "乘以比例后向下取整；超出名额的，从得分最低者起降一个等次。\n"
        "每期绩效奖金：优秀 3000元；良好 2400元；称职 1800元；不称职 0元",
        "A16": "考核细则", "B16": "江城市检察机关工作人员绩效考核细则（版本 v1）",
        "A17": "被考核人签名：　　　　　　　　　年　　月　　日",
        "A18": "部门负责人签名：　　　　　　　　年　　月　　日",
        "A19": "考核领导小组意见（盖章）：　　　年　　月　　日",
    }  # fmt: skip
    for ref, value in expected.items():
        assert ws[ref].value == value, ref
    assert ws.max_row == 19
    assert ws.max_column == 5
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {
        "A1:E1", "A2:E2", "D3:E3", "D4:E4",
        *(f"A{row}:C{row}" for row in range(9, 14)),
        *(f"B{row}:E{row}" for row in range(14, 17)),
        *(f"A{row}:E{row}" for row in range(17, 20)),
    }  # fmt: skip


def test_annual_form_uses_the_rollup_rules(snap: Snapshot):
    ws = sheet_of(snap, "2026", "P003")
    assert ws["A1"].value == "年度绩效考核评定表"
    assert ws["A2"].value == "评定时间：2026年度"
    assert ws["B3"].value == "王强"
    # No indicator scores in the year: the summary follows the headers directly.
    assert (ws["A6"].value, ws["D6"].value) == ("基础得分（各项得分之和）", 0)
    assert (ws["A7"].value, ws["D7"].value) == ("考评得分", 78.25)
    assert (ws["A9"].value, ws["D9"].value) == ("等级评定", "基本称职")
    assert (ws["A10"].value, ws["D10"].value) == ("绩效奖金（元）", 1800)  # 2026Q1's payout
    assert ws["B12"].value == (
        "等次分数线：优秀：85分及以上；称职：60分及以上；不称职：低于上一等次分数线\n"
        "名额（按本部门参加考核人员计）：优秀不超过50%\n"
        "名额计算：参加定等人数（含直接确定等次的，不含暂缓确定和不定等次的）"
        "乘以比例后向下取整；超出名额的，从得分最低者起降一个等次。"
    )


def test_no_form_without_a_result(snap: Snapshot):
    assert build(snap, "2025Q4", "P002") is None
    assert build(snap, "2026Q1", "P999") is None

"""Overview summaries and the grade chart's click-to-open selection."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from dashboards import charts, summaries

APPRAISALS = pd.DataFrame(
    {
        "person_id": ["P1", "P2", "P3", "P4"],
        "org_unit_id": ["D-a", "C-a", "C-a", "C-b"],
        "org_unit_name": ["一科", "一处", "一处", "办公室"],
        "procuratorate_id": ["D", "C", "C", "C"],
        "procuratorate_name": ["东湖区人民检察院"] + ["江城市人民检察院"] * 3,
        "procuratorate_level": ["district", "city", "city", "city"],
        "category": ["一般工作人员"] * 4,
        "total": [90.0, 80.0, 70.0, 60.0],
        "grade": ["优秀", "良好", None, "良好"],
    }
)  # fmt: skip


def test_grade_counts_include_undetermined():
    counts = summaries.grade_counts(APPRAISALS)
    assert counts == {
        "优秀": 1, "良好": 2, "称职": 0, "基本称职": 0, "不称职": 0, summaries.UNDETERMINED: 1
    }  # fmt: skip


def test_department_summary_puts_the_city_first():
    summary = summaries.department_summary(APPRAISALS)
    assert list(summary["org_unit_id"]) == ["C-a", "C-b", "D-a"]
    first = summary.iloc[0]
    assert (first["headcount"], first["mean_total"], first["良好"]) == (2, 75.0, 1)
    assert first[summaries.UNDETERMINED] == 1


def test_grade_counts_long_labels_and_order():
    counts = summaries.grade_counts_long(APPRAISALS, label_with_procuratorate=True)
    assert counts["department"].iloc[0] == "江城市 一处"
    assert counts["department"].iloc[-1] == "东湖区 一科"
    assert counts["n"].sum() == 4


def test_province_chart_counts_grades_per_procuratorate():
    # 江城市 (city, first): 良好 P2 and P4, P3 undetermined; 东湖区: 优秀 P1.
    counts = summaries.grade_counts_by_procuratorate(APPRAISALS)
    rows = [tuple(r) for r in counts[["procuratorate_id", "procuratorate", "grade", "n"]]
            .astype(object).where(counts.notna(), None).itertuples(index=False)]  # fmt: skip
    assert rows == [
        ("C", "江城市", "良好", 2),
        ("C", "江城市", None, 1),
        ("D", "东湖区", "优秀", 1),
    ]
    spec = charts.grade_counts_chart(
        counts, key="procuratorate_id", label="procuratorate", title="检察院"
    ).to_dict()
    assert spec["params"][0]["select"]["fields"] == ["procuratorate_id"]
    assert spec["encoding"]["tooltip"][0] == {
        "field": "procuratorate", "type": "nominal", "title": "检察院"
    }  # fmt: skip
    clicked = {"selection": {charts.DEPARTMENT_SELECTION: [{"procuratorate_id": "D"}]}}
    assert charts.selected(clicked, "procuratorate_id") == "D"


def test_grade_chart_has_a_department_click_selection():
    counts = summaries.grade_counts_long(APPRAISALS, label_with_procuratorate=False)
    spec = charts.grade_counts_chart(counts).to_dict()
    params = spec["params"]
    assert params[0]["name"] == charts.DEPARTMENT_SELECTION
    assert params[0]["select"]["fields"] == ["org_unit_id"]


def test_selected_org_unit_from_event():
    clicked = {"selection": {charts.DEPARTMENT_SELECTION: [{"org_unit_id": "C-b"}]}}
    assert charts.selected_org_unit(clicked) == "C-b"
    as_object = SimpleNamespace(selection={charts.DEPARTMENT_SELECTION: [{"org_unit_id": "D-a"}]})
    assert charts.selected_org_unit(as_object) == "D-a"
    assert charts.selected_org_unit({"selection": {charts.DEPARTMENT_SELECTION: {}}}) is None
    assert charts.selected_org_unit({"selection": {charts.DEPARTMENT_SELECTION: [{}]}}) is None
    assert charts.selected_org_unit(None) is None


def test_a_category_of_two_specs_is_ranked_in_one_table_per_spec():
    # 一般工作人员 holds two clerks (clerks' spec, ranks 1 and 2 of 2) and three prosecutors
    # (gongsu's spec, 1..3 of 3), in the query's order: by rank. 部门负责人: one spec only.
    staff = pd.DataFrame(
        {
            "person_id": ["C1", "G1", "C2", "G2", "G3", "H1"],
            "category": ["一般工作人员"] * 5 + ["部门负责人"],
            "spec_id": ["clerks", "gongsu", "clerks", "gongsu", "gongsu", "gongsu"],
            "rank_in_category": [1, 1, 2, 2, 3, 1],
            "category_size": [2, 3, 2, 3, 3, 1],
        }
    )
    titles = {"clerks": "书记员考核细则", "gongsu": "第一检察部考核细则"}
    groups = summaries.ranking_groups(staff, titles)
    shown = [(c, s, list(g["person_id"])) for c, s, g in groups]
    assert shown == [
        ("一般工作人员", "第一检察部考核细则", ["G1", "G2", "G3"]),  # the larger spec first
        ("一般工作人员", "书记员考核细则", ["C1", "C2"]),
        ("部门负责人", None, ["H1"]),
    ]
    # a spec without a title is named by its id
    untitled = summaries.ranking_groups(staff, {})
    assert [s for _, s, _ in untitled] == ["gongsu", "clerks", None]

"""`kpi diff` for every kind of change: the rule changes, each appraisee who moves, the grade
distribution and the quota use before and after.

Four 公诉 staff, one group (U1, 一般工作人员), first quarter of 2026, by the demo 公诉 spec
(routine out of 50; 2 per closed case, max 20; overdue 10; attendance 10 − 1 per late):

| person | routine | cases | lates | total                           | grade  |
|--------|---------|-------|-------|---------------------------------|--------|
| P1     | 50      | 10    | 0     | 50 + 20 + 10 + 10 = 90          | 优秀   |
| P2     | 48      | 10    | 1     | 48 + 20 + 10 + 9 = 87           | 良好   |
| P3     | 40      | 5     | 0     | 40 + 10 + 10 + 10 = 70 (seconded) | 称职 |
| P4     | 30      | 0     | 1     | 30 + 0 + 10 + 9 = 49            | 不称职 |
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpi_warehouse.preview.diff import NO_GRADE, NOT_APPRAISED, Diff, diff
from kpi_warehouse.preview.score import score_frames
from kpi_warehouse.specs.loader import load_spec
from kpi_warehouse.specs.model import Spec
from tests.conftest import REPO, demo_env, kpi

GONGSU = (REPO / "kpi_specs" / "schemes" / "example-gongsu-2026.yaml").read_text(encoding="utf-8")
SCORE = "score: routine_work + cases_closed + overdue_cases + attendance + bulletins + awards"


def _facts() -> pd.DataFrame:
    rows = []

    def add(person: str, kind: str, source: str, day: str, value: str = "") -> None:
        rows.append([f"a{len(rows) + 1}", source, kind, person, day, value])

    for person, routine, cases, lates in (
        ("P1", 50, 10, 0),
        ("P2", 48, 10, 1),
        ("P3", 40, 5, 0),
        ("P4", 30, 0, 1),
    ):
        add(person, "routine_work", "manual.entry", "2026-03-31", str(routine))
        for n in range(cases):
            add(person, "case_closed", "case.case", f"2026-02-{n + 1:02d}")
        for n in range(lates):
            add(person, "late", "office.attendance", f"2026-01-{n + 5:02d}")
    return pd.DataFrame(
        rows, columns=["activity_id", "source", "kind", "person_id", "activity_date", "value"]
    )


PEOPLE = pd.DataFrame(
    {
        "person_id": ["P1", "P2", "P3", "P4"],
        "org_unit_id": ["U1"] * 4,
        "dept_key": ["gongsu"] * 4,
        "category": ["一般工作人员"] * 4,
        "status": ["on_post", "on_post", "seconded", "on_post"],
    }
)


def _spec(tmp_path: Path, name: str, text: str) -> Spec:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_spec(path)


def _edit(old: str, new: str, text: str = GONGSU) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _diff(tmp_path: Path, current: str, draft: str, period: str = "2026Q1") -> Diff:
    old, new = _spec(tmp_path, "current", current), _spec(tmp_path, "draft", draft)
    facts = _facts()
    return diff(
        old,
        new,
        score_frames([old], facts, PEOPLE, period),
        score_frames([new], facts, PEOPLE, period),
    )


def _people(d: Diff) -> dict[str, tuple]:
    return {
        r.appraisee_id: (r.total_current, r.total_draft, r.grade_current, r.grade_draft)
        for r in d.people.itertuples()
    }


def _counts(d: Diff) -> dict[str, tuple[int, int]]:
    return {r.grade: (r.current, r.draft) for r in d.grades.itertuples()}


def test_no_change(tmp_path: Path) -> None:
    d = _diff(tmp_path, GONGSU, GONGSU)
    assert d.rules == [] and d.people.empty
    assert _counts(d) == {"优秀": (1, 1), "良好": (1, 1), "称职": (1, 1), "不称职": (1, 1)}
    assert "规则变化 / rule changes: 0" in d.text()


def test_bands(tmp_path: Path) -> None:
    d = _diff(tmp_path, GONGSU, _edit("{grade: 优秀, min: 90}", "{grade: 优秀, min: 87}"))
    assert [str(c) for c in d.rules] == ["[等次分数线 / bands] grades.优秀.min: 90 → 87"]
    assert _people(d) == {"P2": (87.0, 87.0, "良好", "优秀")}  # 87 now reaches 优秀
    assert _counts(d) == {"优秀": (1, 2), "良好": (1, 0), "称职": (1, 1), "不称职": (1, 1)}


def test_quotas(tmp_path: Path) -> None:
    current = _edit("{grade: 优秀, min: 90}", "{grade: 优秀, min: 87}")  # P1 and P2 优秀
    draft = current + "quotas: {within: [category], grades: {优秀: {share: 0.25}}}\n"
    d = _diff(tmp_path, current, draft)
    (change,) = d.rules
    assert change.kind_en == "quotas" and change.before is None
    # 4 graded × 0.25 = 1 place: P2 (87, below P1's 90) drops one grade to 良好.
    assert _people(d) == {"P2": (87.0, 87.0, "优秀", "良好")}
    assert _counts(d) == {"优秀": (2, 1), "良好": (0, 1), "称职": (1, 1), "不称职": (1, 1)}
    assert d.quotas.to_dict("records") == [
        {
            "within": "category",
            "group": "一般工作人员",
            "grade": "优秀",
            "current": "—",
            "draft": "1/1",
        }
    ]


def test_vetoes(tmp_path: Path) -> None:
    veto = "vetoes:\n  - {name: 迟到, source: office.attendance, kinds: [late], grade_cap: 称职}\n"
    d = _diff(tmp_path, GONGSU, GONGSU + veto)
    (change,) = d.rules
    assert change.kind_en == "vetoes" and change.path == "vetoes.迟到" and change.before is None
    # P2 (1 late, 87 良好) is capped at 称职; P4 (1 late) is already below the cap.
    assert _people(d) == {"P2": (87.0, 87.0, "良好", "称职")}
    assert _counts(d) == {"优秀": (1, 1), "良好": (1, 0), "称职": (1, 2), "不称职": (1, 1)}


def test_formula(tmp_path: Path) -> None:
    weighted = SCORE.replace("score: routine_work", "score: routine_work * 0.8")
    d = _diff(tmp_path, GONGSU, _edit(SCORE, weighted))
    (change,) = d.rules
    assert change.kind_en == "formula" and change.path == "score"
    # routine × 0.8: P1 40 + 30 = 70 … + 10 = 80; P2 38.4 + 39 = 77.4; P3 32 + 30 = 62; P4 24 + 19.
    assert _people(d) == {
        "P1": (90.0, 80.0, "优秀", "良好"),
        "P4": (49.0, 43.0, "不称职", "不称职"),
        "P2": (87.0, pytest.approx(77.4), "良好", "良好"),
        "P3": (70.0, 62.0, "称职", "称职"),
    }
    # The grade change first, then the largest falls: P2 −9.6, P3 −8, P4 −6.
    assert list(d.people.appraisee_id) == ["P1", "P2", "P3", "P4"]
    assert (d.people.indicators_changed == "").all()  # the indicators are as they were
    assert _counts(d) == {"优秀": (1, 0), "良好": (1, 2), "称职": (1, 1), "不称职": (1, 1)}


def test_eligibility(tmp_path: Path) -> None:
    rule = (
        "eligibility:\n  undetermined:\n"
        "    - {name: 借调人员, attribute: status, values: [seconded]}\n"
    )
    d = _diff(tmp_path, GONGSU, GONGSU + rule)
    (change,) = d.rules
    assert change.kind_en == "eligibility" and change.path == "eligibility.undetermined.借调人员"
    assert _people(d) == {"P3": (70.0, 70.0, "称职", NO_GRADE)}
    assert _counts(d) == {
        "优秀": (1, 1),
        "良好": (1, 1),
        "称职": (1, 0),
        "不称职": (1, 1),
        NO_GRADE: (0, 1),
    }


def test_population(tmp_path: Path) -> None:
    draft = _edit("status: [on_post, seconded, retiring]", "status: [on_post]")
    d = _diff(tmp_path, GONGSU, draft)
    assert [str(c) for c in d.rules] == [
        '[人员范围 / population] population.status: ["on_post", "seconded", "retiring"] → '
        '["on_post"]'
    ]
    # P3 (seconded) leaves the appraisal; P4 moves up from 4th to 3rd.
    assert _people(d)["P3"][2:] == ("称职", NOT_APPRAISED)
    p4 = d.people[d.people.appraisee_id == "P4"].iloc[0]
    assert (p4.rank_current, p4.rank_draft, p4.grade_draft) == (4, 3, "不称职")
    assert set(_people(d)) == {"P3", "P4"}
    assert _counts(d)["称职"] == (1, 0)


def test_indicators_and_weights(tmp_path: Path) -> None:
    d = _diff(tmp_path, GONGSU, _edit("points: 2, max: 20", "points: 1, max: 20"))
    assert [str(c) for c in d.rules] == [
        "[指标及权重 / indicators] indicators.cases_closed.rule.points: 2 → 1"
    ]
    # 1 per case: P1 10 → 80 (良好), P2 10 → 77, P3 5 → 65; P4 has no case: unchanged.
    assert _people(d) == {
        "P1": (90.0, 80.0, "优秀", "良好"),
        "P2": (87.0, 77.0, "良好", "良好"),
        "P3": (70.0, 65.0, "称职", "称职"),
    }
    assert d.people.set_index("appraisee_id").loc["P1", "indicators_changed"] == (
        "cases_closed 20→10"
    )


def test_an_added_indicator(tmp_path: Path) -> None:
    study = (
        "  - id: study\n    name: 理论学习\n    source: office.study\n"
        "    rule: {type: dynamic_share, max: 5, counted: [confirmed],\n"
        "           sessions: [confirmed, absent]}\n"
    )
    draft = _edit("\nscore:", f"{study}\nscore:").replace(SCORE, SCORE + " + study - 5")
    d = _diff(tmp_path, GONGSU, draft)
    assert {c.path for c in d.rules} == {"indicators.study", "score"}
    # No study session in the quarter: everyone scores if_none = max = 5, and − 5 nets 0.
    assert set(d.people.appraisee_id) == {"P1", "P2", "P3", "P4"}
    assert (d.people.change == 0).all() and not d.people.grade_changed.any()
    assert set(d.people.indicators_changed) == {"study —→5"}


ROLLUP = (
    "rollup:\n  period: half_year\n  grades:\n"
    "    - {grade: 优秀, min: 50}\n    - {grade: 称职, min: 40}\n    - {grade: 不称职}\n"
)


def test_roll_ups(tmp_path: Path) -> None:
    # Q2 has no record: everyone scores overdue 10 + attendance 10 = 20. The half-year total
    # is the mean of Q1 and Q2: P1 (90 + 20) / 2 = 55, P2 53.5, P3 45, P4 34.5.
    d = _diff(
        tmp_path,
        GONGSU + ROLLUP,
        GONGSU + ROLLUP.replace("{grade: 优秀, min: 50}", "{grade: 优秀, min: 54}"),
        period="2026H1",
    )
    assert [str(c) for c in d.rules] == ["[汇总 / roll-up] rollup.grades.优秀.min: 50 → 54"]
    assert _people(d) == {"P2": (53.5, 53.5, "优秀", "称职")}
    assert _counts(d) == {"优秀": (2, 1), "称职": (1, 2), "不称职": (1, 1)}


def test_kpi_diff_prints_every_part_and_writes_excel(tmp_path: Path) -> None:
    facts, people = tmp_path / "facts.csv", tmp_path / "people.csv"
    _facts().to_csv(facts, index=False)
    PEOPLE.to_csv(people, index=False)
    current = tmp_path / "current.yaml"
    current.write_text(_edit("{grade: 优秀, min: 90}", "{grade: 优秀, min: 87}"), encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        current.read_text(encoding="utf-8")
        + "quotas: {within: [category], grades: {优秀: {share: 0.25}}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "diff.xlsx"
    proc = kpi(
        demo_env(tmp_path),
        "diff",
        str(current),
        str(draft),
        "--facts",
        str(facts),
        "--people",
        str(people),
        "--period",
        "2026Q1",
        "--out",
        str(out),
    )
    assert "规则变化 / rule changes: 1" in proc.stdout
    assert "1 人的分数、排名或等次有变化，其中 1 人等次变化" in proc.stdout
    assert "等次分布 / grade distribution" in proc.stdout and "名额使用" in proc.stdout
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets) == [
        "规则变化 rules",
        "人员变化 people",
        "等次分布 grades",
        "名额使用 quotas",
    ]
    assert sheets["人员变化 people"]["appraisee_id"].tolist() == ["P2"]
    assert sheets["名额使用 quotas"]["draft"].tolist() == ["1/1"]

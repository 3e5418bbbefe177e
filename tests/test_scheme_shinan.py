"""The Shinan justice bureau scheme (DIGEST §C), kpi_specs/schemes/shinan.yaml, scored by hand.

Annual: public items 20 + business goals 50 + comprehensive evaluation 30 + incentives.
A person with no record at all scores 46: the deduction items keep their defaults
(training 2, exams 2, office order 2, complaints 1, discipline 2, serious violation 2), the
dynamic shares with no session score full (study 3, activities 2), the attendance rates
have no month (0), no journal in 52 weeks is 0, the leaders' and all-staff evaluations
with no rating score full (21 + 9), and incentives are 0: 11 + 5 + 0 + 0 + 30 = 46.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kpi_warehouse.specs.loader import load_spec
from tests.scheme_helpers import SCHEMES, Facts, run, scheme

SPEC = scheme("shinan")
YEAR = "2026"
# The 52 Mondays of 2026: 5 January … 28 December.
MONDAYS = [(date(2026, 1, 5) + timedelta(weeks=w)).isoformat() for w in range(52)]
PUBLIC = (
    "theory_study",
    "training",
    "exams",
    "on_time",
    "no_early_leave",
    "lunch",
    "activities",
    "office_order",
    "complaints",
    "discipline",
    "serious_violation",
)


def _people(*names: str) -> list[dict[str, str]]:
    return [{"person_id": n, "category": "机关公务员"} for n in names]


def _month(m: int) -> str:
    return f"2026-{m:02d}-15"


def _full_public(f: Facts, who: str) -> None:
    """Every public item at full marks: 12 study tasks and 8 activities confirmed, and in
    every month 20 days on time, no early leave, lunch on time."""
    for m in range(1, 13):
        f.add(who, "office.study", "confirmed", _month(m))
        for kind in ("on_time", "left_on_time", "lunch_on_time"):
            f.add(who, "office.attendance", kind, _month(m), quantity=20.0)
    for m in range(1, 9):
        f.add(who, "office.activity", "confirmed", _month(m))


def _journals(f: Facts, who: str, value: float) -> None:
    """One journal a week, self-scored ``value`` (one goal category): goals = value."""
    for monday in MONDAYS:
        f.add(who, "office.journal", "journal_score", monday, level="self", value=value)


def test_public_items() -> None:
    f = Facts()
    # Theory study: 12 tasks; P1 confirmed 9, late 2, missing 1 → 3 × 9 ÷ 12 = 2.25.
    for m in range(1, 13):
        kind = "confirmed" if m <= 9 else "late" if m <= 11 else "absent"
        f.add("P1", "office.study", kind, _month(m))
        f.add("P2", "office.study", "confirmed", _month(m))  # 12 of 12 → 3
    # Training: P1 one reprimand, one missed higher-level course, two missed internal ones:
    # 2 − 1 − 0.5 − 2 × 0.2 = 0.1. P2 three reprimands: 2 − 3 = −1 → 0.
    f.add("P1", "office.training", "reprimanded", "2026-03-10")
    f.add("P1", "office.training", "missed_higher", "2026-04-10")
    f.many(2, "P1", "office.training", "missed_internal", "2026-05-10")
    f.many(3, "P2", "office.training", "reprimanded", "2026-03-10")
    # Exams: P1 failed one: 2 − 1 = 1. P2: 2.
    f.add("P1", "office.training", "exam_failed", "2026-06-10")
    # Attendance, P1, monthly counts (quantity = days):
    # on time Jan 18/20 = 0.9 → 1.5; Feb 16/20 = 0.8 → 1; Mar 14/20 = 0.7 → 0.6;
    # Apr 13/20 = 0.65 → 0; May–Dec 20/20 → 1.5. Mean (1.5 + 1 + 0.6 + 0 + 8 × 1.5) ÷ 12
    # = 15.1 ÷ 12.
    late = {1: 2, 2: 4, 3: 6, 4: 7}
    for m in range(1, 13):
        f.add("P1", "office.attendance", "on_time", _month(m), quantity=20.0 - late.get(m, 0))
        if m in late:
            f.add("P1", "office.attendance", "late", _month(m), quantity=float(late[m]))
    # No early leave, P1: June 17 of 20 = 0.85 → 1, other months 20/20 → 1.5:
    # (11 × 1.5 + 1) ÷ 12 = 17.5 ÷ 12.
    for m in range(1, 13):
        early = 3 if m == 6 else 0
        f.add("P1", "office.attendance", "left_on_time", _month(m), quantity=20.0 - early)
        if early:
            f.add("P1", "office.attendance", "early_leave", _month(m), quantity=3.0)
    # Lunch, P1: Jan 16/20 = 0.8 → 1; Feb 14/20 = 0.7 → 0.6; Mar 12/20 = 0.6 → 0.3;
    # Apr 11/20 = 0.55 → 0; May–Dec 20/20 → 1: (1 + 0.6 + 0.3 + 0 + 8) ÷ 12 = 9.9 ÷ 12.
    lunch_late = {1: 4, 2: 6, 3: 8, 4: 9}
    for m in range(1, 13):
        on = 20.0 - lunch_late.get(m, 0)
        f.add("P1", "office.attendance", "lunch_on_time", _month(m), quantity=on)
        if m in lunch_late:
            f.add("P1", "office.attendance", "lunch_late", _month(m), quantity=lunch_late[m])
    # Collective activities: 8; P1 confirmed 6, late 1, absent 1 → 2 × 6 ÷ 8 = 1.5.
    for m in range(1, 9):
        kind = "confirmed" if m <= 6 else "late" if m == 7 else "absent"
        f.add("P1", "office.activity", kind, _month(m))
    # Office order: P1 3 failed items: 2 − 1.5 = 0.5; P2 5: 2 − 2.5 → 0.
    f.many(3, "P1", "office.inspection", "inspection_failed", "2026-07-01")
    f.many(5, "P2", "office.inspection", "inspection_failed", "2026-07-01")
    # Complaints: P1 one upheld: 1 − 1 = 0. General discipline: P2 one case of the
    # 基本称职 list: 2 − 1.5 = 0.5.
    f.add("P1", "registry.discipline", "complaint_upheld", "2026-08-01")
    f.add("P2", "registry.discipline", "basic_competent_case", "2026-08-01")
    out = run(SPEC, _people("P1", "P2"), f, (YEAR,))
    p1 = {i: out.points[("P1", YEAR, i)] for i in PUBLIC}
    assert p1 == pytest.approx(
        {
            "theory_study": 2.25,
            "training": 0.1,
            "exams": 1.0,
            "on_time": 15.1 / 12,
            "no_early_leave": 17.5 / 12,
            "lunch": 9.9 / 12,
            "activities": 1.5,
            "office_order": 0.5,
            "complaints": 0.0,
            "discipline": 2.0,
            "serious_violation": 2.0,
        }
    )
    p2 = {i: out.points[("P2", YEAR, i)] for i in PUBLIC}
    assert p2 == pytest.approx(
        {
            "theory_study": 3.0,
            "training": 0.0,
            "exams": 2.0,
            "on_time": 0.0,  # no attendance record in any month
            "no_early_leave": 0.0,
            "lunch": 0.0,
            "activities": 2.0,  # no activity held for P2: the full 2
            "office_order": 0.0,
            "complaints": 1.0,
            "discipline": 0.5,
            "serious_violation": 2.0,
        }
    )


def test_business_goals_weekly_journals() -> None:
    f = Facts()

    def scored(monday: str, level: str, value: float, goal: str = "G1") -> None:
        f.add(
            "P1",
            "office.journal",
            "journal_score",
            monday,
            level=level,
            value=value,
            event_key=goal,
        )

    w = MONDAYS
    # Week 1: self 40, section chief 44, department head 48; the supervising leader did not
    # review (agrees with the level below) → the head's 48 is final.
    scored(w[0], "self", 40)
    scored(w[0], "section_chief", 44)
    scored(w[0], "department_head", 48)
    scored(w[1], "self", 42)  # week 2: not reviewed at all → the self score 42
    # Week 3: two goal categories: G1 reviewed to 46, G2 self 30 → (46 + 30) ÷ 2 = 38.
    scored(w[2], "self", 40)
    scored(w[2], "section_chief", 46)
    scored(w[2], "self", 30, "G2")
    # Week 4: no journal, no excuse → 0.
    f.add("P1", "office.journal", "journal_excused", w[4])  # week 5: excused, no journal
    # Week 6: excused, and the journal back-filled: it counts, the supervising leader's 44.
    f.add("P1", "office.journal", "journal_excused", w[5])
    scored(w[5], "self", 45)
    scored(w[5], "supervising_leader", 44)
    for monday in w[6:]:  # weeks 7–52 (46 weeks): self 40, supervising leader 45 → 45
        scored(monday, "self", 40)
        scored(monday, "supervising_leader", 45)
    out = run(SPEC, _people("P1", "P2"), f, (YEAR,))
    # 52 weeks − 1 excused without a journal = 51 weeks due;
    # (48 + 42 + 38 + 0 + 44 + 46 × 45) ÷ 51 = 2242 ÷ 51.
    assert out.points[("P1", YEAR, "goals")] == pytest.approx(2242 / 51)
    assert out.points[("P2", YEAR, "goals")] == 0.0  # no journal in 52 weeks


def test_comprehensive_evaluation_two_rounds() -> None:
    f = Facts()
    june, december = "2026-06-28", "2026-12-28"

    def rate(who: str, day: str, level: str, value: float | None) -> None:
        f.add(who, "ratings.rating", level, day, value=value)

    # P1, June: head 7, supervising leader 5, section chiefs 5 and 3 and one abstention
    # → 7 + 5 + (5 + 3) ÷ 2 = 16. December: no department head (missing level → 7),
    # supervising leader 3, section chief 5 → 7 + 3 + 5 = 15. Year (16 + 15) ÷ 2 = 15.5.
    # (Pooling the year's ratings instead would give 7 + 4 + 13 ÷ 3 = 15.33.)
    rate("P1", june, "department_head", 7)
    rate("P1", june, "supervising_leader", 5)
    rate("P1", june, "section_chief", 5)
    rate("P1", june, "section_chief", 3)
    rate("P1", june, "section_chief", None)
    rate("P1", december, "supervising_leader", 3)
    rate("P1", december, "section_chief", 5)
    # P3: not rated in June (21), rated 5, 5, 5 in December (15): (21 + 15) ÷ 2 = 18.
    for level in ("department_head", "supervising_leader", "section_chief"):
        rate("P3", december, level, 5)
    # All-staff, P1: June 9, 6, 6, 3 and two abstentions → 24 ÷ 4 = 6; December 9, 9, 6 and
    # one abstention → 24 ÷ 3 = 8. Year (6 + 8) ÷ 2 = 7 (pooled: 48 ÷ 7 = 6.86).
    for v in (9, 6, 6, 3, None, None):
        rate("P1", june, "colleague", v)
    for v in (9, 9, 6, None):
        rate("P1", december, "colleague", v)
    # P2: everybody abstained in June (missing → 9); December 3, 1, 0 → 4 ÷ 3.
    # Year (9 + 4/3) ÷ 2 = 31/6.
    for v in (None, None, None):
        rate("P2", june, "colleague", v)
    for v in (3, 1, 0):
        rate("P2", december, "colleague", v)
    out = run(SPEC, _people("P1", "P2", "P3"), f, (YEAR,))
    got = {
        (who, i): out.points[(who, YEAR, i)]
        for who in ("P1", "P2", "P3")
        for i in ("leader_eval", "staff_eval")
    }
    assert got == pytest.approx(
        {
            ("P1", "leader_eval"): 15.5,
            ("P1", "staff_eval"): 7.0,
            ("P2", "leader_eval"): 21.0,  # no leader rating in either round
            ("P2", "staff_eval"): 31 / 6,
            ("P3", "leader_eval"): 18.0,
            ("P3", "staff_eval"): 9.0,  # no colleague rating
        }
    )


def test_incentives() -> None:
    f = Facts()

    def add(who: str, source: str, kind: str, **kw: object) -> None:
        f.add(who, source, kind, "2026-09-01", **kw)

    # Suggestions. P1: city 2 + a joint district one of two authors 1 × ½ + department 0.5
    # = 3 → max 2. P2: a joint city one of four authors 2 × ¼ + department 0.5 = 1.
    add("P1", "office.innovation", "suggestion", level="city")
    add("P1", "office.innovation", "suggestion", level="district", share=0.5)
    add("P1", "office.innovation", "suggestion", level="department")
    add("P2", "office.innovation", "suggestion", level="city", share=0.25)
    add("P2", "office.innovation", "suggestion", level="department")
    # Experience. P1: provincial 2 + a written exchange at city level 0.5 = 2.5.
    # P2: national 3 + provincial 2 = 5 → max 3.
    add("P1", "office.innovation", "experience", level="provincial")
    add("P1", "office.innovation", "experience", level="city_written")
    add("P2", "office.innovation", "experience", level="national")
    add("P2", "office.innovation", "experience", level="provincial")
    # Awards. P1: one event honoured as advanced individual at city (3) and provincial (4)
    # level → once, 4; a collective national honour 5 × ½ = 2.5; 6.5 → max 5.
    add("P1", "registry.award", "award", level="advanced_city", event_key="E1")
    add("P1", "registry.award", "award", level="advanced_provincial", event_key="E1")
    add("P1", "registry.award", "award", level="advanced_national", is_collective=True)
    # P2: internal contest 1st 0.3 + a collective district contest prize 0.5 × ½ + bravery at
    # city level 1 = 1.55.
    add("P2", "registry.award", "award", level="internal_1st")
    add("P2", "registry.award", "award", level="contest_district", is_collective=True)
    add("P2", "registry.award", "award", level="bravery_city")
    # P3: one event, collective national 5 × ½ = 2.5 and individual district 2 → 2.5;
    # third-class merit 3; 5.5 → max 5.
    add(
        "P3",
        "registry.award",
        "award",
        level="advanced_national",
        is_collective=True,
        event_key="E2",
    )
    add("P3", "registry.award", "award", level="advanced_district", event_key="E2")
    add("P3", "registry.award", "award", level="merit_3rd")
    # Business-goal incentive. P1: achievements 4 + 3 + 3 = 10 → 8; assistance 2 + 1 = 3 →
    # 2; a failure −2: net 8 + 2 − 2 = 8. P2: achievement 2; failures −4 −3 −3 = −10 → −8;
    # poor cooperation −1 −2 = −3 → −2: net 2 − 8 − 2 = −8. P3: achievements 4 + 4 = 8,
    # assistance 2: net +10, the most the clause allows.
    for v in (4, 3, 3):
        add("P1", "manual.entry", "goal_achievement", value=v)
    for v in (2, 1):
        add("P1", "manual.entry", "goal_assistance", value=v)
    add("P1", "manual.entry", "goal_failure", value=-2)
    add("P2", "manual.entry", "goal_achievement", value=2)
    for v in (-4, -3, -3):
        add("P2", "manual.entry", "goal_failure", value=v)
    for v in (-1, -2):
        add("P2", "manual.entry", "goal_poor_cooperation", value=v)
    for v in (4, 4):
        add("P3", "manual.entry", "goal_achievement", value=v)
    add("P3", "manual.entry", "goal_assistance", value=2)
    out = run(SPEC, _people("P1", "P2", "P3"), f, (YEAR,))
    ids = ("suggestions", "experience", "awards")
    expected = {"P1": (2, 2.5, 5), "P2": (1, 3, 1.55), "P3": (0, 0, 5)}
    for who, want in expected.items():
        assert tuple(out.points[(who, YEAR, i)] for i in ids) == pytest.approx(want), who
    goal_ids = ("goal_achievement", "goal_assistance", "goal_failure", "goal_cooperation")
    assert tuple(out.points[("P2", YEAR, i)] for i in goal_ids) == (2, 0, -8, -2)
    # Totals: 46 (no other record; see the module's docstring) + incentives.
    assert out.total("P1", YEAR) == pytest.approx(46 + 2 + 2.5 + 5 + 8)  # 63.5
    assert out.total("P2", YEAR) == pytest.approx(46 + 1 + 3 + 1.55 - 8)  # 43.55
    assert out.total("P3", YEAR) == pytest.approx(46 + 5 + 10)  # 61


def test_totals_grades_veto_and_undetermined() -> None:
    f = Facts()
    # Everyone: public items full (20), no rating (21 + 9 = 30), journals at v each week
    # (goals v): total 50 + v.
    weekly = {"A": 40, "B": 40, "C": 40, "D": 40, "E": 40, "F": 20, "G": 10, "H": 9.5}
    for who, v in weekly.items():
        _full_public(f, who)
        _journals(f, who, v)
    f.add("B", "registry.discipline", "basic_competent_case", "2026-05-06")
    f.add("C", "registry.discipline", "serious_violation", "2026-05-06")
    f.add("D", "registry.discipline", "demerit", "2026-05-06")
    f.add("E", "registry.discipline", "demerit", "2026-05-06")
    f.add("E", "registry.discipline", "serious_violation", "2026-10-06")
    out = run(SPEC, _people(*weekly), f, (YEAR,))
    assert sum(out.points[("A", YEAR, i)] for i in PUBLIC) == pytest.approx(20.0)

    def got(who: str) -> tuple[float, str | None, str]:
        r = out.rows[(who, YEAR)]
        return r["total"], r["grade"], r["grade_status"]

    assert got("A") == (90.0, "优秀", "graded")  # 20 + 40 + 30 = 90: the 优秀 boundary
    # B: discipline 2 − 1.5 = 0.5 → 88.5 (称职 band), capped at 基本称职.
    assert got("B") == (88.5, "基本称职", "graded")
    # C: one-vote veto: score 0, 不称职 (the serious-violation item itself is 0 too).
    assert got("C") == (0.0, "不称职", "graded")
    assert out.points[("C", YEAR, "serious_violation")] == 0.0
    # D: a demerit: discipline 2 − 2 = 0 → 88, grade not determined.
    assert got("D") == (88.0, None, "undetermined")
    # E: a demerit and a serious violation: the veto's 不称职 wins over "not determined".
    assert got("E") == (0.0, "不称职", "graded")
    assert got("F") == (70.0, "称职", "graded")  # 20 + 20 + 30
    assert got("G") == (60.0, "基本称职", "graded")  # 20 + 10 + 30
    assert got("H") == (59.5, "不称职", "graded")  # 20 + 9.5 + 30
    assert "一票否决" in out.rows[("C", YEAR)]["grade_note"]


def test_the_weeks_in_the_year_are_a_parameter(tmp_path: Path) -> None:
    # 2029 begins and ends on a Monday: 53 Mondays. The spec counts the year as 52 weeks.
    mondays = [date(2029, 1, 1) + timedelta(weeks=n) for n in range(53)]
    assert mondays[-1] == date(2029, 12, 31)
    f = Facts()
    for monday in mondays[:26]:  # P1: half the year, self-scored 50
        f.add("P1", "office.journal", "journal_score", monday.isoformat(), level="self", value=50)
    for monday in mondays:  # P2: every one of the 53 weeks, 40
        f.add("P2", "office.journal", "journal_score", monday.isoformat(), level="self", value=40)
    out = run(SPEC, _people("P1", "P2"), f, ("2029",))
    assert out.points[("P1", "2029", "goals")] == pytest.approx(26 * 50 / 52)  # 25
    assert out.points[("P2", "2029", "goals")] == pytest.approx(53 * 40 / 52)  # 40.77
    # Without the parameter every Monday is a week: ÷ 53.
    text = (SCHEMES / "shinan.yaml").read_text(encoding="utf-8")
    assert text.count("      weeks: 52\n") == 1
    by_mondays = tmp_path / "shinan.yaml"
    by_mondays.write_text(text.replace("      weeks: 52\n", ""), encoding="utf-8")
    out = run(load_spec(by_mondays), _people("P1", "P2"), f, ("2029",))
    assert out.points[("P1", "2029", "goals")] == pytest.approx(26 * 50 / 53)
    assert out.points[("P2", "2029", "goals")] == pytest.approx(40.0)

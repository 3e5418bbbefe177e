"""The Meiling subdistrict scheme (DIGEST §B), kpi_specs/schemes/meiling.yaml, scored by hand.

Quarterly score = (routine + key projects + attendance + rewards/penalties) × 0.6
+ leader evaluation × 0.4. Where a test gives everybody the same leaders' rating, everybody
shares rank 1 (rank ÷ size ≤ 25 %) and scores 90 there; with full attendance, no key
project and no adjustment the total is then (r + 10) × 0.6 + 90 × 0.4 = 42 + 0.6 r for a
routine score r (out of 90).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.scheme_helpers import QUARTER_ENDS, QUARTERS, Facts, run, scheme

SPEC = scheme("meiling")
Q1 = "2026Q1"
END = QUARTER_ENDS[Q1]


def _entry(f: Facts, who: str, kind: str, value: float, part: str | None = None, q: str = Q1):
    f.add(who, "manual.entry", kind, QUARTER_ENDS[q], value=value, event_key=part)


def _rated(f: Facts, who: str, value: float, q: str = Q1) -> None:
    f.add(who, "ratings.rating", "party_gov_leader", QUARTER_ENDS[q], value=value)


def _people(names: list[str], **attrs: Any) -> list[dict[str, Any]]:
    return [{"person_id": n, **attrs} for n in names]


def _plain(f: Facts, routine: dict[str, float], q: str = Q1) -> None:
    """Routine work r (no key project: out of 90), full attendance, the common rating."""
    for who, r in routine.items():
        _entry(f, who, "routine_work", r, q=q)
        _rated(f, who, 90.0, q=q)


def test_score_items_and_formula() -> None:
    f = Facts()
    # Routine work and key projects (one entry per part / project, event_key = the part).
    _entry(f, "A", "routine_work", 45, "office")
    _entry(f, "A", "key_project", 38, "P1")
    _entry(f, "A", "reward", 4)
    _entry(f, "B", "routine_work", 85)  # no key project: routine out of 90 → 85
    _entry(f, "C", "routine_work", 95)  # no key project: capped at 90
    _entry(f, "D", "routine_work", 30, "office")  # office + community: each out of 25
    _entry(f, "D", "routine_work", 22, "community")
    _entry(f, "D", "key_project", 25, "P1")  # two projects: each out of 20
    _entry(f, "D", "key_project", 18, "P2")
    for who in "EFGHIJK":
        _entry(f, who, "routine_work", 40, "office")
        _entry(f, who, "key_project", 30, "P1")
    f.many(9, "E", "office.attendance", "late", "2026-01-12")
    f.many(10, "F", "office.attendance", "late", "2026-01-12")
    f.add("G", "office.attendance", "absent", "2026-02-03")
    f.many(2, "H", "office.attendance", "absent", "2026-02-03")
    _entry(f, "I", "reward", 8)
    _entry(f, "I", "reward", 6)
    _entry(f, "J", "penalty", -7)
    _entry(f, "J", "penalty", -5)
    _entry(f, "K", "reward", 6)
    _entry(f, "K", "penalty", -9)
    # Leaders' ratings 95, 94, …, 85: 11 ranked; rank ÷ 11 ≤ 0.25 → ranks 1–2 (A, B) 90;
    # ≤ 0.55 → ranks 3–6 (C, D, E, F) 80; ranks 7–11 (G … K) 70.
    for n, who in enumerate("ABCDEFGHIJK"):
        _rated(f, who, 95.0 - n)
    out = run(SPEC, _people(list("ABCDEFGHIJK")), f, (Q1,))

    def pts(who: str) -> tuple[float, ...]:
        ids = ("routine", "key_projects", "attendance", "reward_penalty", "leader_eval")
        return tuple(out.points[(who, Q1, i)] for i in ids)

    assert pts("A") == (45, 38, 10, 4, 90)
    assert pts("B") == (85, 0, 10, 0, 90)  # no key project: routine out of 90
    assert pts("C") == (90, 0, 10, 0, 80)
    # D: min(30, 25) + min(22, 25) = 47; min(25, 20) + min(18, 20) = 38.
    assert pts("D") == (47, 38, 10, 0, 80)
    assert pts("E")[2] == 1  # 9 lates: 10 − 9
    assert pts("F")[2] == 0  # 10 lates → 0
    assert pts("G")[2] == 5  # 1 day absent: 10 − 5
    assert pts("H")[2] == 0  # 2 days absent → 0
    assert pts("I")[3] == 10  # +8 +6 = 14, clamped to +10
    assert pts("J")[3] == -10  # −7 −5 = −12, clamped to −10
    assert pts("K")[3] == -3  # +6 −9 = −3
    totals = {who: out.total(who, Q1) for who in "ABCDEFGHIJK"}
    assert totals == pytest.approx(
        {
            "A": 94.2,  # (45 + 38 + 10 + 4) × 0.6 + 90 × 0.4 = 58.2 + 36
            "B": 93.0,  # (85 + 0 + 10 + 0) × 0.6 + 36 = 57 + 36
            "C": 92.0,  # (90 + 10) × 0.6 + 80 × 0.4 = 60 + 32
            "D": 89.0,  # (47 + 38 + 10) × 0.6 + 32 = 57 + 32
            "E": 74.6,  # (40 + 30 + 1) × 0.6 + 32 = 42.6 + 32
            "F": 74.0,  # (70 + 0) × 0.6 + 32
            "G": 73.0,  # (70 + 5) × 0.6 + 70 × 0.4 = 45 + 28
            "H": 70.0,  # (70 + 0) × 0.6 + 28
            "I": 82.0,  # (70 + 10 + 10) × 0.6 + 28 = 54 + 28
            "J": 70.0,  # (70 + 10 − 10) × 0.6 + 28 = 42 + 28
            "K": 74.2,  # (70 + 10 − 3) × 0.6 + 28 = 46.2 + 28
        }
    )
    # 11 graded: 优秀 cap floor(2.75) = 2 → A, B; C (92) drops to 良好. 良好 cap floor(3.3)
    # = 3: C 92, D 89, I 82 fit.
    assert out.grades(Q1) == {
        "A": "优秀",
        "B": "优秀",
        "C": "良好",
        "D": "良好",
        "I": "良好",
        "E": "称职",
        "F": "称职",
        "G": "称职",
        "H": "称职",
        "J": "称职",
        "K": "称职",
    }


def test_leader_evaluation_rank_bands_within_category() -> None:
    f = Facts()
    # 20 general staff rated 99, 98, …, 80: rank i, position i ÷ 20.
    general = [f"G{i:02d}" for i in range(1, 21)]
    for i, who in enumerate(general, start=1):
        _rated(f, who, 100.0 - i)
    # 8 middle managers, two raters each (the measure is their mean); M9 nobody rated.
    middle = {"M1": 95, "M2": 90, "M3": 90, "M4": 85, "M5": 80, "M6": 80, "M7": 75, "M8": 60}
    for who, mean in middle.items():
        _rated(f, who, mean - 2.0)
        _rated(f, who, mean + 2.0)
    people = _people(general) + _people([*middle, "M9"], category="中层干部")
    out = run(SPEC, people, f, (Q1,))

    def band(who: str) -> float:
        return out.points[(who, Q1, "leader_eval")]

    # The middle managers' high ratings do not push the general staff down: ranked apart.
    assert band("G01") == 90  # 1/20 = 0.05
    assert band("G05") == 90  # 5/20 = 0.25: the boundary belongs to the higher band
    assert band("G06") == 80  # 6/20 = 0.30
    assert band("G11") == 80  # 11/20 = 0.55: boundary, higher band
    assert band("G12") == 70  # 12/20 = 0.60
    assert band("G20") == 70
    # Middle managers: 8 ranked (M9 unrated: not counted, scores the last band, 70).
    # M1 rank 1 (0.125) → 90; M2 = M3 tie at rank 2 (0.25) → 90 both, although M3 alone
    # would be 3rd (0.375 → 80); M4 rank 4 (0.5) → 80; M5 = M6 tie at rank 5 (0.625) → 70;
    # M7 rank 7, M8 rank 8 → 70.
    assert {m: band(m) for m in [*middle, "M9"]} == {
        "M1": 90,
        "M2": 90,
        "M3": 90,
        "M4": 80,
        "M5": 70,
        "M6": 70,
        "M7": 70,
        "M8": 70,
        "M9": 70,
    }


def test_quota_overflow_with_ties_and_payouts() -> None:
    f = Facts()
    routine = {"A": 90, "B": 85, "C": 85, "D": 75, "E": 75, "F": 70, "G": 60, "H": 50}
    routine |= {"I": 40, "J": 20}
    _plain(f, routine)
    out = run(SPEC, _people(list(routine)), f, (Q1,))
    # Totals 42 + 0.6 r: A 96, B 93, C 93, D 87, E 87, F 84, G 78, H 72, I 66, J 54.
    assert out.total("B", Q1) == pytest.approx(93.0)
    assert out.total("G", Q1) == pytest.approx(78.0)
    # 10 graded. 优秀 cap floor(10 × 0.25) = 2: A, B, C are ≥ 90; B and C tie at the cut and
    # do not both fit (3 > 2), so both drop to 良好. 良好 then holds B, C, D, E, F, G; cap
    # floor(10 × 0.30) = 3: B, C fit (2); D and E tie at 87 and do not both fit (4 > 3): both
    # drop, and F, G drop, to 称职.
    assert out.grades(Q1) == {
        "A": "优秀",
        "B": "良好",
        "C": "良好",
        "D": "称职",
        "E": "称职",
        "F": "称职",
        "G": "称职",
        "H": "称职",
        "I": "称职",
        "J": "不称职",
    }
    assert "超出优秀名额" in out.rows[("B", Q1)]["grade_note"]
    assert "超出良好名额" in out.rows[("D", Q1)]["grade_note"]
    payouts = {who: out.rows[(who, Q1)]["payout"] for who in routine}
    assert payouts == {
        "A": 2100.0,
        "B": 1800.0,
        "C": 1800.0,
        **{who: 1500.0 for who in "DEFGHI"},
        "J": 0.0,  # 不称职: no bonus
    }


def test_quota_headcount_counts_forced_grades_not_undetermined_ones() -> None:
    f = Facts()
    routine = {"A": 90, "B": 85, "C": 85, "D": 75, "E": 75, "F": 70, "G": 60, "H": 50}
    routine |= {"I": 40, "J": 20, "M": 45, "K": 90, "L": 90, "N": 90}
    _plain(f, routine)
    f.many(3, "K", "office.attendance", "absent", "2026-02-03")  # > 2 days: forced 不称职
    f.add("L", "registry.discipline", "efficiency_warning", "2026-03-02")  # undetermined
    f.add("N", "registry.discipline", "investigation", "2026-01-15")  # undetermined
    out = run(SPEC, _people(list(routine)), f, (Q1,))
    # K: attendance 0 (≥ 2 days absent): (90 + 0) × 0.6 + 36 = 90, but forced 不称职.
    assert out.total("K", Q1) == pytest.approx(90.0)
    assert out.grade("K", Q1) == "不称职"
    assert out.rows[("L", Q1)]["grade_status"] == "undetermined"
    assert out.grade("L", Q1) is None and out.grade("N", Q1) is None
    assert out.rows[("L", Q1)]["payout"] == 0.0  # [interp] no bonus without a grade
    # Headcount 12: A … J, M and K (forced, counted); L and N not. 优秀 cap floor(3.0) = 3:
    # A 96, B 93, C 93 all fit (with K counted; without it the cap would be 2 and B, C
    # would drop). 良好 cap floor(3.6) = 3: D 87, E 87, F 84 fit; G 78 drops to 称职 (were
    # L and N counted, 14 → cap 4 and G would stay 良好).
    assert out.grades(Q1) == {
        "A": "优秀",
        "B": "优秀",
        "C": "优秀",
        "D": "良好",
        "E": "良好",
        "F": "良好",
        "G": "称职",
        "H": "称职",
        "I": "称职",
        "M": "称职",
        "J": "不称职",
        "K": "不称职",
        "L": None,
        "N": None,
    }


def test_eligibility_and_payouts() -> None:
    f = Facts()
    routine = {"P": 90, "Q": 90, "X1": 70, "X2": 70, "X3": 70, "X4": 70, "X5": 70, "X6": 70}
    routine |= {"H1": 50, "H2": 50, "S1": 50, "S2": 50, "W2": 50, "W3": 50, "SA": 90, "SP": 50}
    routine |= {"R": 90, "T": 90, "AW": 90}
    _plain(f, routine)
    f.many(16, "P", "office.attendance", "leave", "2026-02-02", level="sick")  # > 15 days
    f.many(15, "Q", "office.attendance", "leave", "2026-02-02", level="annual")  # 15: not
    f.many(40, "S1", "office.attendance", "leave", "2026-02-02", level="sick")  # 40: not
    f.many(30, "S2", "office.attendance", "leave", "2026-02-02", level="sick")
    f.many(11, "S2", "office.attendance", "leave", "2026-02-02", level="personal")  # 41
    f.many(2, "W2", "office.attendance", "absent", "2026-02-03")  # 2 days: not forced
    f.many(3, "W3", "office.attendance", "absent", "2026-02-03")  # 3 days: forced 不称职
    f.add("SA", "registry.discipline", "demerit", "2026-03-10")  # a sanction: forced
    f.add("SP", "registry.discipline", "sanction_in_force", "2026-01-01")  # sanction period
    people = _people([p for p in routine if p not in ("H1", "H2", "R", "T", "AW")])
    # 4 March 2026 is a Wednesday: 4–31 March holds 20 working days; from 5 March, 19.
    people += [
        {"person_id": "H1", "hire_date": "2026-03-04"},
        {"person_id": "H2", "hire_date": "2026-03-05"},
        {"person_id": "R", "status": "retiring", "leave_date": "2026-02-15"},
        {"person_id": "T", "status": "transferred_out", "leave_date": "2026-01-20"},
        {"person_id": "AW", "status": "awaiting_retirement"},
        {"person_id": "LL", "status": "long_leave"},  # 长期在编不在岗: not appraised
    ]
    out = run(SPEC, people, f, (Q1,))
    assert ("LL", Q1) not in out.rows

    def got(who: str) -> tuple[str | None, str, float]:
        r = out.rows[(who, Q1)]
        return r["grade"], r["grade_status"], r["payout"]

    # Totals 42 + 0.6 r: 90 → 96, 70 → 84, 50 → 72. W2, W3: attendance 0 → (50 + 0) × 0.6 +
    # 36 = 66. Graded: P, Q, X1–X6, H1, S1, W2, W3, SA, SP = 14 → 优秀 cap floor(3.5) = 3:
    # P, Q are 优秀 (SA is forced 不称职); 良好 cap floor(4.2) = 4: X1–X6 tie at 84 and do not
    # all fit, so all six drop to 称职.
    assert got("P") == ("优秀", "graded", 1800.0)  # leave > 15 days: paid as 良好
    assert got("Q") == ("优秀", "graded", 2100.0)
    assert got("X1") == ("称职", "graded", 1500.0)
    assert got("H1") == ("称职", "graded", 1500.0)  # 20 working days: graded
    assert got("H2") == (None, "undetermined", 0.0)  # 19 working days
    assert got("S1") == ("称职", "graded", 1500.0)  # 40 days of sick leave: graded
    assert got("S2") == (None, "undetermined", 0.0)  # 41 days of sick and personal leave
    assert got("W2") == ("称职", "graded", 1500.0)  # 66: 称职
    assert got("W3") == ("不称职", "graded", 0.0)  # 3 days absent: forced
    assert out.total("W3", Q1) == pytest.approx(66.0)
    assert got("SA") == ("不称职", "graded", 0.0)  # score 96, but sanctioned
    assert got("SP") == ("不称职", "graded", 0.0)
    # Not graded: retired on 15 February → January and February served: 1500 × 2 ÷ 3; left
    # on 20 January → 1500 × 1 ÷ 3; awaiting retirement, no leave date → 1500 × 3 ÷ 3.
    assert got("R") == (None, "not_graded", 1000.0)
    assert got("T") == (None, "not_graded", 500.0)
    assert got("AW") == (None, "not_graded", 1500.0)


def test_annual_rollup() -> None:
    f = Facts()
    # Routine per quarter; total 42 + 0.6 r: 90 → 96 (优秀 band), 75 → 87 (良好 band),
    # 40 → 66 (称职), 20 → 54 (不称职).
    plan = {
        "A": (90, 90, 90, 90),  # 4 × 优秀, mean 96
        "V": (90, 90, 90, 90),  # 4 × 优秀, mean 96, but a one-vote veto
        "B": (90, 90, 90, 75),  # 3 × 优秀, mean (96 × 3 + 87) ÷ 4 = 93.75
        "C": (75, 75, 75, 90),  # 1 × 优秀 (Q4)
        "D": (20, 20, 40, 40),  # 2 × 不称职, mean (54 + 54 + 66 + 66) ÷ 4 = 60
        "E": (40, 40, 20, 40),  # 1 × 不称职, mean (66 × 3 + 54) ÷ 4 = 63
        **{who: (40, 40, 40, 40) for who in ("F", "G", "H", "I", "J", "K")},
    }
    for who, values in plan.items():
        for q, r in zip(QUARTERS, values, strict=True):
            _plain(f, {who: r}, q=q)
    f.add("V", "registry.discipline", "one_vote_veto", "2026-08-01")
    out = run(SPEC, _people(list(plan)), f, (*QUARTERS, "2026"))
    # Each quarter: 12 graded, 优秀 cap floor(3.0) = 3 (A, V, B in Q1–Q3; A, V, C in Q4),
    # 良好 cap floor(3.6) = 3 (C in Q1–Q3; B in Q4).
    quarterly = {q: out.grades(q) for q in QUARTERS}
    assert [quarterly[q]["B"] for q in QUARTERS] == ["优秀", "优秀", "优秀", "良好"]
    assert [quarterly[q]["C"] for q in QUARTERS] == ["良好", "良好", "良好", "优秀"]
    assert [quarterly[q]["D"] for q in QUARTERS] == ["不称职", "不称职", "称职", "称职"]
    # Annual: ≥ 3 quarterly 优秀 → A, V, B eligible; C (1 × 优秀) is 称职. V's veto caps
    # it at 称职. The annual quota: floor(12 × 0.15) = 1 → A (96) keeps 优秀, B (93.75)
    # drops to 称职. D: 2 × 不称职 → 不称职; E: 1 × 不称职 → 基本称职.
    assert out.grades("2026") == {
        "A": "优秀",
        "V": "称职",
        "B": "称职",
        "C": "称职",
        "D": "不称职",
        "E": "基本称职",
        **{who: "称职" for who in ("F", "G", "H", "I", "J", "K")},
    }
    annual = {who: out.total(who, "2026") for who in ("A", "B", "D", "E")}
    assert annual == pytest.approx({"A": 96.0, "B": 93.75, "D": 60.0, "E": 63.0})
    assert "一票否决" in out.rows[("V", "2026")]["grade_note"]
    assert "超出优秀名额" in out.rows[("B", "2026")]["grade_note"]


def test_the_spec_quotes_its_clauses() -> None:
    assert all(ind.clause for ind in SPEC.indicators)
    assert SPEC.quotas is not None and SPEC.rollup is not None and SPEC.payouts is not None
    conditions = [*SPEC.eligibility.not_graded, *SPEC.eligibility.undetermined]
    conditions += [*SPEC.eligibility.forced, *SPEC.eligibility.pay_as]
    assert all(c.clause for c in conditions)


def test_seconded_staff_take_the_grade_of_their_home_department() -> None:
    f = Facts()
    # Totals 42 + 0.6 r (everyone rated alike): 90 → 96, 75 → 87, 40 → 66.
    _plain(f, {"A": 90, "B": 75, "C": 40, "S": 90, "D": 90, "E": 40, "F": 75, "G": 40})
    f.add("S", "manual.entry", "home_department_grade", END, level="称职")
    f.add("E", "manual.entry", "home_department_grade", END, level="优秀")
    people = _people(["A", "B", "C"]) + [{"person_id": "S", "status": "seconded"}]
    people += _people(["D", "F", "G"], category="科级干部")
    people += [{"person_id": "E", "status": "seconded", "category": "科级干部"}]
    out = run(SPEC, people, f, (Q1,))
    # 一般工作人员, 4 graded: 优秀 cap floor(1.0) = 1, 良好 cap floor(1.2) = 1. S scores 96
    # but its home department's 称职 stands; A keeps the 优秀 place, B 良好, C 称职.
    # 科级干部, 4 graded: E's home 优秀 (its own score 66) takes the one 优秀 place, so D
    # (96) drops to 良好, and of D (96) and F (87) in 良好 only D fits: F drops to 称职.
    assert out.grades(Q1) == {
        "A": "优秀",
        "B": "良好",
        "C": "称职",
        "S": "称职",
        "D": "良好",
        "E": "优秀",
        "F": "称职",
        "G": "称职",
    }
    assert out.total("S", Q1) == pytest.approx(96.0) and out.total("E", Q1) == pytest.approx(66.0)
    assert "定为称职：派驻人员由市直主管部门确定等次（称职）" in out.rows[("S", Q1)]["grade_note"]
    payouts = {who: out.rows[(who, Q1)]["payout"] for who in "SEDF"}
    assert payouts == {"S": 1500.0, "E": 2100.0, "D": 1800.0, "F": 1500.0}


def test_awaiting_retirement_is_paid_the_fixed_bonus_only_without_a_violation() -> None:
    f = Facts()
    _plain(f, {"X": 75})
    f.add("AW2", "registry.discipline", "demerit", "2026-02-10")  # a violation this quarter
    f.add("AW3", "registry.discipline", "sanction_in_force", "2026-01-01")  # an older one
    f.add("R", "registry.discipline", "warning", "2026-01-10")  # leaving this quarter
    people = _people(["X"])
    people += _people(["AW1", "AW2", "AW3"], status="awaiting_retirement")
    people += [{"person_id": "R", "status": "retiring", "leave_date": "2026-02-15"}]
    out = run(SPEC, people, f, (Q1,))

    def got(who: str) -> tuple[str | None, str, float]:
        r = out.rows[(who, Q1)]
        return r["grade"], r["grade_status"], r["payout"]

    # The fixed 称职 bonus: 1500 × 3 ÷ 3 (no leave date) — withheld for AW2's demerit.
    assert got("AW1") == (None, "not_graded", 1500.0)
    assert got("AW2") == (None, "not_graded", 0.0)
    assert "不发绩效奖金：离岗待退期间有违法违纪行为" in out.rows[("AW2", Q1)]["grade_note"]
    assert got("AW3") == (None, "not_graded", 1500.0)  # a sanction period is not a violation
    # Leaving on 15 February: 1500 × 2 ÷ 3, a sanction does not withhold it (another rule).
    assert got("R") == (None, "not_graded", 1000.0)


def _committee_year(others: int) -> Any:
    f = Facts()
    # Quarterly totals 42 + 0.6 r: 90 → 96 (优秀 band), 75 → 87 (良好 band), 40 → 66.
    plan = {"A": (90, 90, 90, 90), "B": (90, 75, 75, 75), "C": (75, 75, 75, 75)}
    plan |= {f"D{n}": (40, 40, 40, 40) for n in range(1, others + 1)}
    for who, values in plan.items():
        for q, r in zip(QUARTERS, values, strict=True):
            _plain(f, {who: r}, q=q)
    f.add("B", "manual.entry", "committee_annual_excellent", "2026-12-20")
    f.add("C", "manual.entry", "committee_annual_excellent", "2026-12-20")
    return run(SPEC, _people(list(plan)), f, (*QUARTERS, "2026"))


def test_the_committee_chooses_annual_excellent_among_candidates_within_the_quota() -> None:
    # 20 people. Each quarter: 优秀 cap floor(20 × 0.25) = 5, 良好 cap floor(6) = 6, so A is
    # 优秀 four times, B once (Q1, 96; then 87, 良好), C never (87: 良好 four times).
    out = _committee_year(17)
    assert [out.grade("B", q) for q in QUARTERS] == ["优秀", "良好", "良好", "良好"]
    assert {out.grade("C", q) for q in QUARTERS} == {"良好"}
    # Annual: A has 3+ quarterly 优秀 → 优秀 directly. The committee chose B (a candidate:
    # one quarterly 优秀) and C (no quarterly 优秀: not a candidate, not applied). The
    # annual quota floor(20 × 0.15) = 3 holds A and B.
    assert out.total("B", "2026") == pytest.approx((96 + 87 * 3) / 4)  # 89.25
    assert (out.grade("A", "2026"), out.grade("B", "2026"), out.grade("C", "2026")) == (
        "优秀",
        "优秀",
        "称职",
    )
    assert "评定为优秀：考核委员会评定的年度优秀" in out.rows[("B", "2026")]["grade_note"]
    assert (
        "考核委员会评定的年度优秀未采纳：不是优秀的候选人" in out.rows[("C", "2026")]["grade_note"]
    )


def test_the_committee_choice_is_checked_against_the_annual_quota() -> None:
    # 10 people: quarterly caps floor(2.5) = 2 and floor(3.0) = 3 — the same quarterly
    # grades as with 20. The annual quota is floor(10 × 0.15) = 1: A (96) keeps it, the
    # committee's B (89.25) is over the quota and drops to 称职.
    out = _committee_year(7)
    assert [out.grade("B", q) for q in QUARTERS] == ["优秀", "良好", "良好", "良好"]
    assert (out.grade("A", "2026"), out.grade("B", "2026")) == ("优秀", "称职")
    assert "超出优秀名额" in out.rows[("B", "2026")]["grade_note"]

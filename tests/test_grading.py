"""Grades, quotas, vetoes, eligibility and payouts, against cases worked out by hand."""

from __future__ import annotations

from pathlib import Path

from tests.scheme_helpers import ROUTINE, appraise, routine
from tests.scoring_helpers import MEILING_GRADES, base_spec

QUOTAS = {"within": ["category"], "grades": {"优秀": {"share": 0.25}, "良好": {"share": 0.30}}}


def test_quota_overflow_drops_the_lowest_and_ties_drop_together(tmp_path: Path) -> None:
    totals = {
        "A": 95,
        "B": 93,
        "C": 93,
        "D": 91,
        "E": 85,
        "F": 80,
        "G": 78,
        "H": 70,
        "I": 65,
        "J": 50,
    }
    spec = base_spec([ROUTINE], grades=MEILING_GRADES, quotas=QUOTAS)
    out = appraise(spec, tmp_path, [{"person_id": p} for p in totals], routine(totals))
    # 10 graded: 优秀 cap floor(2.5) = 2. A, B, C, D are ≥ 90; B and C tie at the cut (3
    # would be needed) so both drop, and D drops. 良好 then holds B C D E F G, cap
    # floor(3.0) = 3: B, C, D keep it, E F G drop to 称职.
    grades = {p: out[p]["grade"] for p in totals}
    assert grades == {
        "A": "优秀",
        "B": "良好",
        "C": "良好",
        "D": "良好",
        "E": "称职",
        "F": "称职",
        "G": "称职",
        "H": "称职",
        "I": "称职",
        "J": "不称职",
    }
    assert "超出优秀名额" in out["D"]["grade_note"]
    assert out["A"]["grade_note"] is None


def test_forced_and_undetermined_grades_and_headcount(tmp_path: Path) -> None:
    totals = {"A": 95, "B": 93, "C": 91, "K": 96, "L": 99, "E": 70, "F": 65, "G": 62}
    spec = base_spec(
        [ROUTINE],
        grades=MEILING_GRADES,
        quotas=QUOTAS,
        eligibility={
            "forced": [
                {
                    "name": "旷工超过2个工作日",
                    "grade": "不称职",
                    "source": "office.attendance",
                    "kinds": ["absent"],
                    "at_least": 3,
                }
            ],
            "undetermined": [
                {
                    "name": "受到效能告诫",
                    "source": "registry.discipline",
                    "kinds": ["efficiency_warning"],
                }
            ],
        },
    )
    facts = routine(totals)
    facts += [("K", "office.attendance", "absent", f"2026-02-0{d}", None) for d in (2, 3, 4)]
    facts += [("E", "office.attendance", "absent", "2026-02-02", None)]  # 1 day: not forced
    facts += [("L", "registry.discipline", "efficiency_warning", "2026-03-02", None)]
    out = appraise(spec, tmp_path, [{"person_id": p} for p in totals], facts)
    # Headcount 7 (L undetermined is not counted, K forced is): 优秀 cap floor(1.75) = 1.
    assert out["K"]["grade"] == "不称职" and "旷工超过2个工作日" in out["K"]["grade_note"]
    assert out["L"]["grade"] is None and out["L"]["grade_status"] == "undetermined"
    assert out["A"]["grade"] == "优秀"
    assert out["B"]["grade"] == "良好" and out["C"]["grade"] == "良好"  # 良好 cap floor(2.1) = 2
    assert out["E"]["grade"] == "称职"


def test_veto_zeroes_the_score_and_caps_the_grade(tmp_path: Path) -> None:
    grades = [
        {"grade": "优秀", "min": 90},
        {"grade": "称职", "min": 70},
        {"grade": "基本称职", "min": 60},
        {"grade": "不称职"},
    ]
    spec = base_spec(
        [ROUTINE],
        grades=grades,
        vetoes=[
            {
                "name": "严重违纪",
                "source": "registry.discipline",
                "kinds": ["dismissal"],
                "zero_score": True,
                "grade_cap": "不称职",
            },
            {
                "name": "全市通报批评",
                "source": "registry.discipline",
                "kinds": ["admonition"],
                "grade_cap": "基本称职",
            },
        ],
    )
    facts = routine({"A": 95, "B": 95, "C": 95})
    facts += [
        ("A", "registry.discipline", "dismissal", "2026-03-01", None),
        ("B", "registry.discipline", "admonition", "2026-03-01", None),
    ]
    out = appraise(spec, tmp_path, [{"person_id": p} for p in "ABC"], facts)
    assert (out["A"]["total"], out["A"]["grade"]) == (0.0, "不称职")
    assert (out["B"]["total"], out["B"]["grade"]) == (95.0, "基本称职")  # capped, score kept
    assert (out["C"]["total"], out["C"]["grade"]) == (95.0, "优秀")


def test_payouts_pay_as_and_retiree_pro_rata(tmp_path: Path) -> None:
    spec = base_spec(
        [ROUTINE],
        grades=MEILING_GRADES,
        eligibility={
            "not_graded": [{"name": "本季度退休", "attribute": "status", "values": ["retiring"]}],
            "pay_as": [
                {
                    "name": "请假超过15个工作日",
                    "grade": "优秀",
                    "pay_as": "良好",
                    "source": "office.attendance",
                    "kinds": ["leave"],
                    "at_least": 16,
                }
            ],
        },
        payouts={
            "amounts": {"优秀": 2100, "良好": 1800, "称职": 1500},
            "not_graded_pro_rata": "称职",
        },
    )
    facts = routine({"A": 95, "B": 95, "C": 80, "R": 99, "D": 40})
    facts += [
        ("B", "office.attendance", "leave", f"2026-02-{d:02d}", "sick") for d in range(2, 18)
    ]  # 16 days of leave
    people = [{"person_id": p} for p in "ABCD"]
    people.append({"person_id": "R", "status": "retiring", "leave_date": "2026-02-15"})
    out = appraise(spec, tmp_path, people, facts)
    assert out["A"]["payout"] == 2100.0
    assert out["B"]["grade"] == "优秀" and out["B"]["payout"] == 1800.0  # paid as 良好
    assert out["C"]["payout"] == 1800.0
    assert out["D"]["payout"] == 0.0  # 不称职: no bonus
    # Retired in February: no grade; January and February served → 1500 × 2 ÷ 3.
    assert out["R"]["grade"] is None and out["R"]["grade_status"] == "not_graded"
    assert out["R"]["payout"] == 1000.0


def test_annual_rollup_from_quarterly_grades(tmp_path: Path) -> None:
    spec = base_spec(
        [ROUTINE],
        grades=MEILING_GRADES,
        rollup={
            "period": "year",
            "grades": [
                {"grade": "优秀", "min": 0},
                {"grade": "称职", "min": 0},
                {"grade": "基本称职", "min": 0},
                {"grade": "不称职"},
            ],
            "requires": {"优秀": {"grade": "优秀", "at_least": 3}},
            "rules": [
                {"grade": "不称职", "when": {"grade": "不称职", "at_least": 2}},
                {"grade": "基本称职", "when": {"grade": "不称职", "at_least": 1}},
            ],
            "quotas": {"within": ["category"], "grades": {"优秀": {"share": 0.25}}},
        },
    )
    quarters = {
        "A": (95, 92, 91, 80),  # 3 × 优秀: eligible; mean 89.5
        "B": (96, 96, 96, 96),  # 4 × 优秀: eligible; mean 96
        "I": (93, 93, 93, 60),  # 3 × 优秀: eligible; mean 84.75 — third, over the quota
        "C": (91, 92, 70, 80),  # 2 × 优秀: not eligible → 称职
        "D": (50, 55, 80, 80),  # 2 × 不称职 → 不称职; mean 66.25
        "E": (50, 80, 80, 80),  # 1 × 不称职 → 基本称职
        "F": (80, 80, 80, 80),
        "G": (80, 80, 80, 80),
        "H": (80, 80, 80, 80),
    }
    days = ("2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31")
    facts = [
        (p, "manual.entry", "routine_work", day, float(t))
        for p, totals in quarters.items()
        for day, t in zip(days, totals, strict=True)
    ]
    out = appraise(
        spec,
        tmp_path,
        [{"person_id": p} for p in quarters],
        facts,
        periods=("2026Q1", "2026Q2", "2026Q3", "2026Q4", "2026"),
    )
    annual = {p: out[f"{p}@2026"]["grade"] for p in quarters}
    # 9 appraisees: annual 优秀 cap floor(2.25) = 2 → B (96) and A (89.5); I drops.
    assert annual == {
        "A": "优秀",
        "B": "优秀",
        "I": "称职",
        "C": "称职",
        "D": "不称职",
        "E": "基本称职",
        "F": "称职",
        "G": "称职",
        "H": "称职",
    }
    assert out["A@2026"]["total"] == 89.5 and out["D@2026"]["total"] == 66.25
    assert out["A@2026Q2"]["grade"] == "优秀"  # the quarters are still there
    assert "超出优秀名额" in out["I@2026"]["grade_note"]

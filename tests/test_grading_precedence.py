"""Several grading conditions holding at once, for a period and for a roll-up.

One grading path serves both (``kpi_warehouse.scoring.grading``): not graded > forced >
undetermined > bands and caps, and when several forced grades hold the worst one wins,
whatever order the spec lists them in. Every expected value is worked out by hand from the
rules, in the comments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scheme_helpers import QUARTER_ENDS, QUARTERS, ROUTINE, FactRow, appraise, routine
from tests.scoring_helpers import MEILING_GRADES, base_spec

# The civil-service grades, as bands: [90, ∞) 优秀, [70, 90) 称职, [60, 70) 基本称职, < 60 不称职.
CIVIL_GRADES = [
    {"grade": "优秀", "min": 90},
    {"grade": "称职", "min": 70},
    {"grade": "基本称职", "min": 60},
    {"grade": "不称职"},
]
LATE = {"name": "迟到", "source": "office.attendance", "kinds": ["late"]}
ABSENT = {"name": "旷工", "source": "office.attendance", "kinds": ["absent"]}
ADMONISHED = {"name": "受到诫勉谈话", "source": "registry.discipline", "kinds": ["admonition"]}
WARNED = {"name": "受到效能告诫", "source": "registry.discipline", "kinds": ["efficiency_warning"]}
PERIODS = (*QUARTERS, "2026")


def _on(person: str, source: str, kind: str, *days: str) -> list[FactRow]:
    return [(person, source, kind, day, None) for day in days]


def _late(person: str, *days: str) -> list[FactRow]:
    return _on(person, "office.attendance", "late", *days)


def _absent(person: str, *days: str) -> list[FactRow]:
    return _on(person, "office.attendance", "absent", *days)


def _admonished(person: str, day: str) -> list[FactRow]:
    return _on(person, "registry.discipline", "admonition", day)


def _warned(person: str, day: str) -> list[FactRow]:
    return _on(person, "registry.discipline", "efficiency_warning", day)


def _people(*ids: str) -> list[dict[str, Any]]:
    return [{"person_id": p} for p in ids]


def _quarters(plan: dict[str, tuple[float, float, float, float]]) -> list[FactRow]:
    """Each person's total in each quarter of 2026, entered on the quarter's last day."""
    return [
        row
        for who, totals in plan.items()
        for quarter, total in zip(QUARTERS, totals, strict=True)
        for row in routine({who: total}, QUARTER_ENDS[quarter])
    ]


# --- a period --------------------------------------------------------------------------


def test_period_two_forced_grades_the_worst_wins(tmp_path: Path) -> None:
    # Listed 称职, 不称职, 基本称职: the worst that holds wins, not the first listed.
    forced = [
        {**LATE, "grade": "称职"},
        {**ABSENT, "grade": "不称职"},
        {**ADMONISHED, "grade": "基本称职"},
    ]
    spec = base_spec([ROUTINE], grades=CIVIL_GRADES, eligibility={"forced": forced})
    facts = routine({p: 95 for p in "ABCDN"})  # every band is 优秀
    facts += _late("A", "2026-02-03")
    facts += _late("B", "2026-02-03") + _admonished("B", "2026-03-02")
    facts += _absent("C", "2026-02-04") + _admonished("C", "2026-03-02")
    facts += _late("D", "2026-02-03") + _absent("D", "2026-02-04")
    facts += _admonished("D", "2026-03-02")
    out = appraise(spec, tmp_path, _people(*"ABCDN"), facts)
    grades = {p: out[p]["grade"] for p in "ABCDN"}
    # A: late only → 称职.
    # B: late (称职) and admonished (基本称职) → the worse, 基本称职 (the first listed is 称职).
    # C: absent (不称职) and admonished (基本称职) → 不称职.
    # D: all three → 不称职.
    # N: nothing → the band of 95, 优秀.
    assert grades == {"A": "称职", "B": "基本称职", "C": "不称职", "D": "不称职", "N": "优秀"}
    assert all(out[p]["total"] == 95.0 for p in "ABCDN")  # a forced grade keeps the score
    assert out["B"]["grade_note"] == "定为称职：迟到；定为基本称职：受到诫勉谈话"
    assert {out[p]["grade_status"] for p in "ABCDN"} == {"graded"}


def test_period_forced_grade_beats_undetermined(tmp_path: Path) -> None:
    spec = base_spec(
        [ROUTINE],
        grades=CIVIL_GRADES,
        eligibility={"forced": [{**LATE, "grade": "称职"}], "undetermined": [WARNED]},
    )
    facts = routine({p: 95 for p in "EFU"})
    facts += _late("E", "2026-02-03") + _warned("E", "2026-03-02")
    facts += _late("F", "2026-02-03")
    facts += _warned("U", "2026-03-02")
    out = appraise(spec, tmp_path, _people(*"EFU"), facts)
    # E: forced 称职 and undetermined → forced wins (a determination): 称职, graded.
    assert (out["E"]["grade"], out["E"]["grade_status"]) == ("称职", "graded")
    assert out["E"]["grade_note"] == "不确定等次：受到效能告诫；定为称职：迟到"
    # F: forced only → 称职. U: undetermined only → no grade.
    assert (out["F"]["grade"], out["F"]["grade_status"]) == ("称职", "graded")
    assert (out["U"]["grade"], out["U"]["grade_status"]) == (None, "undetermined")


# --- a year rolled up from quarters ----------------------------------------------------


def _rollup_spec() -> dict[str, Any]:
    """Quarters graded by their bands only; the year has its own conditions: one rule
    (≥ 1 quarterly 不称职 → 基本称职), forced 称职 if late and 不称职 if absent 3 days or more,
    undetermined if warned — all tested over the whole year."""
    return base_spec(
        [ROUTINE],
        grades=CIVIL_GRADES,
        rollup={
            "period": "year",
            "grades": CIVIL_GRADES,
            "rules": [{"grade": "基本称职", "when": {"grade": "不称职", "at_least": 1}}],
            "eligibility": {
                "forced": [{**LATE, "grade": "称职"}, {**ABSENT, "grade": "不称职", "at_least": 3}],
                "undetermined": [WARNED],
            },
        },
    )


def test_rollup_two_forced_grades_the_worst_wins(tmp_path: Path) -> None:
    plan = {
        "A": (95, 95, 95, 50),  # Q4 50 < 60 → 不称职 once; mean 335 ÷ 4 = 83.75 (称职 band)
        "B": (95, 95, 95, 95),  # 4 × 优秀; mean 95 (优秀 band)
        "N": (95, 95, 95, 95),
    }
    facts = _quarters(plan)
    facts += _late("A", "2026-05-06")
    facts += _late("B", "2026-02-03") + _absent("B", "2026-07-01", "2026-07-02", "2026-08-03")
    out = appraise(_rollup_spec(), tmp_path, _people(*plan), facts, PERIODS)
    # A: the rule (1 × quarterly 不称职 → 基本称职) and the forced 称职 (late) both hold: the
    #    worse, 基本称职. (Taking eligibility's forced grade first would give 称职.)
    # B: late (称职) and 3 days absent in the year (不称职) → 不称职 (the first listed: 称职).
    # N: nothing holds → the band of 95, 优秀.
    assert {p: out[f"{p}@2026"]["grade"] for p in plan} == {
        "A": "基本称职",
        "B": "不称职",
        "N": "优秀",
    }
    assert (out["A@2026"]["total"], out["B@2026"]["total"]) == (83.75, 95.0)
    # The quarters are graded by their bands alone (the conditions are the year's).
    assert [out[f"A@{q}"]["grade"] for q in QUARTERS] == ["优秀", "优秀", "优秀", "不称职"]
    assert [out[f"B@{q}"]["grade"] for q in QUARTERS] == ["优秀"] * 4


def test_rollup_forced_grade_beats_undetermined(tmp_path: Path) -> None:
    plan = {
        "C": (95, 95, 95, 50),  # 1 × quarterly 不称职 → the rule's 基本称职
        "D": (95, 95, 95, 95),
        "U": (95, 95, 95, 95),
    }
    facts = _quarters(plan)
    facts += _warned("C", "2026-09-01")
    facts += _late("D", "2026-05-06") + _warned("D", "2026-09-01")
    facts += _warned("U", "2026-09-01")
    out = appraise(_rollup_spec(), tmp_path, _people(*plan), facts, PERIODS)
    year = {p: (out[f"{p}@2026"]["grade"], out[f"{p}@2026"]["grade_status"]) for p in plan}
    # C: the rule's forced 基本称职 and undetermined → forced wins: 基本称职.
    # D: eligibility's forced 称职 and undetermined → 称职.
    # U: undetermined only → no grade.
    assert year == {
        "C": ("基本称职", "graded"),
        "D": ("称职", "graded"),
        "U": (None, "undetermined"),
    }


# --- the same forced grades for a quarter and its year --------------------------------


@pytest.mark.parametrize("reverse", [False, True], ids=["listed-late-first", "absent-first"])
def test_late_and_absent_is_the_same_grade_for_the_quarter_and_the_year(
    tmp_path: Path, reverse: bool
) -> None:
    forced = [{**LATE, "grade": "称职"}, {**ABSENT, "grade": "不称职"}]
    if reverse:
        forced.reverse()
    spec = base_spec(
        [ROUTINE],
        grades=MEILING_GRADES,
        eligibility={"forced": forced},
        rollup={"period": "year", "grades": CIVIL_GRADES, "eligibility": {"forced": forced}},
    )
    facts = routine({"P": 95}) + _late("P", "2026-02-03") + _absent("P", "2026-02-04")
    out = appraise(spec, tmp_path, _people("P"), facts, ("2026Q1", "2026"))
    # 2026Q1: total 95 (优秀 band); late → 称职 and absent → 不称职 both hold: 不称职.
    # 2026: the mean of the one quarter, 95 (优秀 band); both hold in the year too: 不称职.
    assert (out["P@2026Q1"]["total"], out["P@2026Q1"]["grade"]) == (95.0, "不称职")
    assert (out["P@2026"]["total"], out["P@2026"]["grade"]) == (95.0, "不称职")

"""Each rule of the scoring library against cases worked out by hand from the rule's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scoring_helpers import ATTENDANCE, MEILING_GRADES, base_spec, fact, score, spec_from


def _attendance(tmp_path: Path, lates: int, absences: int) -> float:
    facts = [fact(i, "P1", "office.attendance", "late", "2026-01-05") for i in range(lates)]
    facts += [
        fact(100 + i, "P1", "office.attendance", "absent", "2026-02-02") for i in range(absences)
    ]
    facts.append(fact(999, "P1", "office.attendance", "on_time", "2026-03-02"))
    points, _ = score(spec_from(tmp_path, base_spec([ATTENDANCE])), facts, ["P1"])
    return points[("P1", "2026Q1", "attendance")]


@pytest.mark.parametrize(
    ("lates", "absences", "expected"),
    [
        (0, 0, 10.0),  # full attendance
        (3, 0, 7.0),  # −1 per late arrival
        (9, 0, 1.0),  # 9 lates: still deducted one by one
        (10, 0, 0.0),  # 10 or more lates → 0
        (2, 1, 3.0),  # 10 − 2 − 5
        (0, 2, 0.0),  # 2 or more days of absence → 0
        (6, 1, 0.0),  # 10 − 6 − 5 = −1, floored at 0
    ],
)
def test_deduction_from_default(tmp_path: Path, lates: int, absences: int, expected: float) -> None:
    assert _attendance(tmp_path, lates, absences) == expected


def test_no_records_scores_the_default(tmp_path: Path) -> None:
    points, _ = score(spec_from(tmp_path, base_spec([ATTENDANCE])), [], ["P1"])
    assert points[("P1", "2026Q1", "attendance")] == 10.0


def test_points_by_level_with_cap(tmp_path: Path) -> None:
    ind = {
        "id": "bulletins",
        "name": "简报",
        "source": "registry.bulletin",
        "rule": {
            "type": "per_item",
            "by_level": {"national": 10, "provincial": 5, "city": 2},
            "max": 12,
        },
    }
    facts = [
        fact(1, "P1", "registry.bulletin", "bulletin", "2026-01-10", level="national"),
        fact(2, "P1", "registry.bulletin", "bulletin", "2026-02-10", level="provincial"),
        fact(3, "P2", "registry.bulletin", "bulletin", "2026-02-10", level="city"),
        fact(4, "P2", "registry.bulletin", "bulletin", "2026-04-10", level="city"),  # Q2
    ]
    points, _ = score(spec_from(tmp_path, base_spec([ind])), facts, ["P1", "P2"])
    assert points[("P1", "2026Q1", "bulletins")] == 12.0  # 10 + 5 = 15, capped at 12
    assert points[("P2", "2026Q1", "bulletins")] == 2.0  # the April item is not in Q1


def test_award_counted_once_at_highest_level_and_collective_halved(tmp_path: Path) -> None:
    ind = {
        "id": "awards",
        "name": "表彰",
        "source": "registry.award",
        "rule": {
            "type": "per_item",
            "by_level": {"national": 5, "provincial": 4, "city": 3, "district": 2},
            "once_per_event": True,
            "collective_factor": 0.5,
        },
    }
    facts = [
        fact(1, "P1", "registry.award", "award", "2026-01-10", level="city", event_key="E1"),
        fact(2, "P1", "registry.award", "award", "2026-01-20", level="provincial", event_key="E1"),
        fact(
            3,
            "P1",
            "registry.award",
            "award",
            "2026-02-10",
            level="city",
            event_key="E2",
            is_collective=True,
        ),
    ]
    points, _ = score(spec_from(tmp_path, base_spec([ind])), facts, ["P1"])
    assert points[("P1", "2026Q1", "awards")] == 4.0 + 1.5  # E1 once at provincial; E2 halved


def test_joint_item_split_by_share(tmp_path: Path) -> None:
    ind = {
        "id": "research",
        "name": "调研",
        "source": "registry.research",
        "rule": {"type": "per_item", "by_level": {"core": 5, "general": 1}},
    }
    facts = [
        fact(1, "P1", "registry.research", "research", "2026-01-10", level="core", share=0.5),
        fact(2, "P1", "registry.research", "research", "2026-01-11", level="general"),
    ]
    points, _ = score(spec_from(tmp_path, base_spec([ind])), facts, ["P1"])
    assert points[("P1", "2026Q1", "research")] == 3.5  # 5 ÷ 2 authors + 1


def test_direct_score_clamped_to_maximum(tmp_path: Path) -> None:
    ind = {
        "id": "routine",
        "name": "常规",
        "source": "manual.entry",
        "kinds": ["routine_work"],
        "rule": {"type": "direct", "max": 50},
    }
    facts = [
        fact(1, "P1", "manual.entry", "routine_work", "2026-03-31", value=55.0),
        fact(2, "P2", "manual.entry", "key_project", "2026-03-31", value=30.0),  # other kind
    ]
    points, _ = score(spec_from(tmp_path, base_spec([ind])), facts, ["P1", "P2"])
    assert points[("P1", "2026Q1", "routine")] == 50.0
    assert points[("P2", "2026Q1", "routine")] == 0.0


def test_rate_bands_per_month_then_mean(tmp_path: Path) -> None:
    ind = {
        "id": "ontime",
        "name": "按时率",
        "source": "office.attendance",
        "rule": {
            "type": "rate_bands",
            "numerator": ["on_time"],
            "denominator": ["on_time", "late"],
            "bands": [[0.9, 1.5], [0.8, 1], [0.7, 0.6]],
        },
    }
    facts = []
    # January 9 of 10 on time (90 % → 1.5); February 8 of 10 (80 % → 1); March: no records.
    for n in range(10):
        facts.append(
            fact(n, "P1", "office.attendance", "on_time" if n < 9 else "late", "2026-01-05")
        )
        facts.append(
            fact(100 + n, "P1", "office.attendance", "on_time" if n < 8 else "late", "2026-02-05")
        )
    points, _ = score(spec_from(tmp_path, base_spec([ind])), facts, ["P1"])
    assert points[("P1", "2026Q1", "ontime")] == pytest.approx((1.5 + 1.0) / 2)


def test_mean_value_scaled(tmp_path: Path) -> None:
    ind = {
        "id": "journals",
        "name": "周记",
        "source": "office.journal",
        "rule": {"type": "mean_value", "scale": 0.2, "max": 10},
    }
    facts = [
        fact(1, "P1", "office.journal", "journal", "2026-01-05", value=40.0),
        fact(2, "P1", "office.journal", "journal", "2026-01-12", value=50.0),
    ]
    points, _ = score(spec_from(tmp_path, base_spec([ind])), facts, ["P1"])
    assert points[("P1", "2026Q1", "journals")] == pytest.approx(9.0)  # mean 45 × 0.2


def test_formula_grades_and_rank_ties(tmp_path: Path) -> None:
    ind = {
        "id": "routine",
        "name": "常规",
        "source": "manual.entry",
        "rule": {"type": "direct", "max": 100},
    }
    spec = spec_from(tmp_path, base_spec([ind], score="routine * 0.5 + 45", grades=MEILING_GRADES))
    facts = [
        fact(1, "P1", "manual.entry", "routine_work", "2026-03-01", value=90.0),  # 90 → 优秀
        fact(2, "P2", "manual.entry", "routine_work", "2026-03-01", value=90.0),  # tie
        fact(3, "P3", "manual.entry", "routine_work", "2026-03-01", value=89.0),  # 89.5 → 良好
        fact(4, "P4", "manual.entry", "routine_work", "2026-03-01", value=20.0),  # 55 → 不称职
    ]
    _, results = score(spec, facts, ["P1", "P2", "P3", "P4"])
    assert results[("P1", "2026Q1")] == (90.0, 1, "优秀")
    assert results[("P2", "2026Q1")] == (90.0, 1, "优秀")
    assert results[("P3", "2026Q1")] == (89.5, 3, "良好")
    assert results[("P4", "2026Q1")] == (55.0, 4, "不称职")


def test_each_period_scored_by_the_version_in_force(tmp_path: Path) -> None:
    def version(v: str, per_late: float, **dates: str) -> dict:
        ind = dict(ATTENDANCE, rule={"type": "deduct", "start": 10, "per": {"late": per_late}})
        return base_spec([ind], version=v, **dates)

    old = spec_from(tmp_path, version("1", 1, effective_to="2026-03-31"), "v1.yaml")
    new = spec_from(tmp_path, version("2", 2, effective_from="2026-04-01"), "v2.yaml")
    facts = [
        fact(1, "P1", "office.attendance", "late", "2026-02-02"),
        fact(2, "P1", "office.attendance", "late", "2026-05-04"),
    ]
    points, _ = score([old, new], facts, ["P1"], ["2026Q1", "2026Q2"])
    assert points[("P1", "2026Q1", "attendance")] == 9.0  # version 1: −1 per late
    assert points[("P1", "2026Q2", "attendance")] == 8.0  # version 2: −2 per late

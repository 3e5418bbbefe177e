"""Direct scores with a conditional maximum, bounded adjustments, and per-item extras."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scoring_helpers import base_spec, fact, indicator_rows, spec_from

ROUTINE = {
    "id": "routine",
    "name": "常规工作",
    "clause": "常规工作满分50分；无重点项目的，常规工作按90分计",
    "source": "manual.entry",
    "kinds": ["routine_work"],
    "rule": {"type": "direct", "max": 50, "max_without": {"kinds": ["key_project"], "max": 90}},
}
KEY = {
    "id": "key_projects",
    "name": "重点项目",
    "source": "manual.entry",
    "kinds": ["key_project"],
    "rule": {"type": "direct", "max": 40},
}


def _entry(n: int, person: str, kind: str, value: float, day: str = "2026-03-31") -> dict:
    return fact(n, person, "manual.entry", kind, day, value=value)


def test_routine_out_of_90_without_a_key_project(tmp_path: Path) -> None:
    facts = [
        _entry(1, "P1", "routine_work", 85),  # has a key project: capped at 50
        _entry(2, "P1", "key_project", 30),
        _entry(3, "P2", "routine_work", 85),  # no key project: out of 90 → 85
        _entry(4, "P3", "routine_work", 95),  # no key project: capped at 90
        _entry(5, "P4", "routine_work", 85),  # key project only in Q2: Q1 out of 90
        _entry(6, "P4", "key_project", 35, "2026-04-15"),
        _entry(7, "P5", "key_project", 20),  # key project, no routine entry: 0
        _entry(8, "P6", "routine_work", 60),  # a key project entered as 0 is still one
        _entry(9, "P6", "key_project", 0),
    ]
    people = ["P1", "P2", "P3", "P4", "P5", "P6"]
    rows = indicator_rows(spec_from(tmp_path, base_spec([ROUTINE, KEY])), facts, people)

    def got(p: str, ind: str = "routine") -> tuple[float, float]:
        r = rows[(p, "2026Q1", ind)]
        return r["points"], r["max_points"]

    assert got("P1") == (50.0, 50.0)
    assert got("P1", "key_projects") == (30.0, 40.0)
    assert got("P2") == (85.0, 90.0)
    assert got("P2", "key_projects") == (0.0, 40.0)  # no key project counts 0
    assert got("P3") == (90.0, 90.0)
    assert rows[("P3", "2026Q1", "routine")]["cap_applied"]
    assert got("P4") == (85.0, 90.0)
    assert got("P5") == (0.0, 50.0)
    assert got("P6") == (50.0, 50.0)


def test_a_plain_direct_score_keeps_its_single_maximum(tmp_path: Path) -> None:
    ind = dict(ROUTINE, rule={"type": "direct", "max": 50})
    facts = [_entry(1, "P1", "routine_work", 85)]
    rows = indicator_rows(spec_from(tmp_path, base_spec([ind])), facts, ["P1"])
    assert rows[("P1", "2026Q1", "routine")]["points"] == 50.0
    assert rows[("P1", "2026Q1", "routine")]["max_points"] == 50.0


ADJUST = {
    "id": "adjustments",
    "name": "奖惩附加分",
    "clause": "奖惩附加分在-10至+10分之间",
    "source": "manual.entry",
    "kinds": ["reward", "penalty"],
    "rule": {"type": "direct", "min": -10, "max": 10},
}


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([("reward", 7), ("reward", 6), ("penalty", -1)], 10.0),  # 12 → clamped to +10
        ([("penalty", -8), ("penalty", -4)], -10.0),  # −12 → clamped to −10
        ([("reward", 3), ("penalty", -5)], -2.0),  # within the bounds
        ([("reward", 10)], 10.0),  # on the bound
        ([], 0.0),  # none
    ],
)
def test_bounded_adjustments(
    tmp_path: Path, entries: list[tuple[str, float]], expected: float
) -> None:
    facts = [_entry(n, "P1", kind, value) for n, (kind, value) in enumerate(entries)]
    facts.append(_entry(99, "P1", "routine_work", 40))  # another kind: not an adjustment
    rows = indicator_rows(spec_from(tmp_path, base_spec([ADJUST])), facts, ["P1"])
    assert rows[("P1", "2026Q1", "adjustments")]["points"] == expected


AWARDS = {
    "id": "awards",
    "name": "表彰奖励",
    "source": "registry.award",
    "rule": {
        "type": "per_item",
        "by_level": {"national": 5, "provincial": 4, "city": 3, "district": 2},
        "once_per_event": True,
        "collective_factor": 0.5,
    },
}


def _award(n: int, event: str, level: str, **kw: Any) -> dict[str, Any]:
    return fact(
        n, "P1", "registry.award", "award", "2026-02-01", level=level, event_key=event, **kw
    )


def test_highest_level_chosen_after_the_collective_factor(tmp_path: Path) -> None:
    facts = [
        # E1: a collective national honour (5 × ½ = 2.5) and an individual city one (3):
        # the event counts once, at 3.
        _award(1, "E1", "national", is_collective=True),
        _award(2, "E1", "city"),
        # E2: collective national 2.5 beats individual district 2.
        _award(3, "E2", "national", is_collective=True),
        _award(4, "E2", "district"),
        # E3: a joint provincial item shared by two (4 ÷ 2 = 2) beats a collective city 1.5.
        _award(5, "E3", "provincial", share=0.5),
        _award(6, "E3", "city", is_collective=True),
    ]
    row = indicator_rows(spec_from(tmp_path, base_spec([AWARDS])), facts, ["P1"])[
        ("P1", "2026Q1", "awards")
    ]
    assert row["points"] == pytest.approx(3 + 2.5 + 2)
    assert row["evidence"] == pytest.approx(
        {"a1": 0.0, "a2": 3.0, "a3": 2.5, "a4": 0.0, "a5": 2.0, "a6": 0.0}
    )

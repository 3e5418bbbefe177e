"""dynamic_share: "each session confirmed on time earns 3 ÷ the number of sessions held"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scoring_helpers import base_spec, fact, indicator_rows, spec_from


def _study(**rule: Any) -> dict[str, Any]:
    return {
        "id": "study",
        "name": "理论学习",
        "clause": "每按时确认一次学习得 3÷全年学习次数 分，迟到或未反馈不得分",
        "source": "office.study",
        "rule": {
            "type": "dynamic_share",
            "max": 3,
            "counted": ["confirmed"],
            "sessions": ["confirmed", "late", "absent"],
            **rule,
        },
    }


def _sessions(person: str, confirmed: int, late: int, absent: int, start: int = 0) -> list:
    kinds = ["confirmed"] * confirmed + ["late"] * late + ["absent"] * absent
    return [
        fact(start + i, person, "office.study", kind, f"2026-02-{i % 27 + 1:02d}")
        for i, kind in enumerate(kinds)
    ]


def test_three_divided_by_sessions_per_confirmed_session(tmp_path: Path) -> None:
    # 12 sessions held; 10 confirmed on time, 1 late, 1 missed: 3 ÷ 12 × 10 = 2.5.
    facts = _sessions("P1", 10, 1, 1)
    rows = indicator_rows(spec_from(tmp_path, base_spec([_study()])), facts, ["P1"])
    row = rows[("P1", "2026Q1", "study")]
    assert row["points"] == pytest.approx(2.5)
    assert row["max_points"] == 3.0
    # Evidence: each confirmed session 3 ÷ 12 = 0.25; the late and missed ones 0.
    assert sorted(row["evidence"].values()) == pytest.approx([0.0, 0.0] + [0.25] * 10)


@pytest.mark.parametrize(
    ("confirmed", "late", "absent", "expected"),
    [
        (4, 0, 0, 3.0),  # every session confirmed: the full 3
        (0, 2, 2, 0.0),  # none confirmed on time
        (1, 0, 2, 1.0),  # 3 ÷ 3 × 1
        (2, 1, 0, 2.0),  # 3 ÷ 3 × 2
    ],
)
def test_share_of_sessions(
    tmp_path: Path, confirmed: int, late: int, absent: int, expected: float
) -> None:
    facts = _sessions("P1", confirmed, late, absent)
    rows = indicator_rows(spec_from(tmp_path, base_spec([_study()])), facts, ["P1"])
    assert rows[("P1", "2026Q1", "study")]["points"] == pytest.approx(expected)


def test_each_person_divides_by_their_own_sessions(tmp_path: Path) -> None:
    # P1 was invited to 4 sessions (3 confirmed), P2 to 6 (3 confirmed).
    facts = _sessions("P1", 3, 1, 0) + _sessions("P2", 3, 0, 3, start=100)
    rows = indicator_rows(spec_from(tmp_path, base_spec([_study()])), facts, ["P1", "P2"])
    assert rows[("P1", "2026Q1", "study")]["points"] == pytest.approx(3 / 4 * 3)
    assert rows[("P2", "2026Q1", "study")]["points"] == pytest.approx(3 / 6 * 3)


def test_no_sessions_held_scores_full_by_default(tmp_path: Path) -> None:
    # A period without any session cannot lose points; other kinds of the source are not
    # sessions (here there are none to be had, so the person has no record at all).
    rows = indicator_rows(spec_from(tmp_path, base_spec([_study()])), [], ["P1"])
    assert rows[("P1", "2026Q1", "study")]["points"] == 3.0


def test_no_sessions_scores_if_none_when_given(tmp_path: Path) -> None:
    spec = spec_from(tmp_path, base_spec([_study(if_none=0)]))
    rows = indicator_rows(spec, _sessions("P2", 1, 0, 0), ["P1", "P2"])
    assert rows[("P1", "2026Q1", "study")]["points"] == 0.0
    assert rows[("P2", "2026Q1", "study")]["points"] == 3.0  # 1 of 1 session


def test_sessions_outside_the_period_do_not_count(tmp_path: Path) -> None:
    # Q1: 1 confirmed of 2; the April session belongs to Q2.
    facts = _sessions("P1", 1, 1, 0) + [fact(50, "P1", "office.study", "absent", "2026-04-02")]
    rows = indicator_rows(
        spec_from(tmp_path, base_spec([_study()])), facts, ["P1"], ("2026Q1", "2026Q2")
    )
    assert rows[("P1", "2026Q1", "study")]["points"] == pytest.approx(1.5)
    assert rows[("P1", "2026Q2", "study")]["points"] == 0.0  # 0 of 1


def test_collective_activities_two_points(tmp_path: Path) -> None:
    # "Collective activities 2: 2 ÷ number of activities per confirmed attendance";
    # 5 activities, 2 attended → 0.8.
    ind = _study(max=2)
    facts = _sessions("P1", 2, 0, 3)
    rows = indicator_rows(spec_from(tmp_path, base_spec([ind])), facts, ["P1"])
    assert rows[("P1", "2026Q1", "study")]["points"] == pytest.approx(0.8)

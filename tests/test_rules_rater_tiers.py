"""rater_tiers: "leader evaluation 3 × 7": mean within a rater level, summed over the levels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scoring_helpers import base_spec, fact, indicator_rows, spec_from

LEADERS = {
    "id": "leader_eval",
    "name": "领导评价",
    "clause": "部门负责人、分管领导、科室负责人分别按优秀7、良好5、较好3、一般1、较差0评价",
    "source": "ratings.rating",
    "rule": {
        "type": "rater_tiers",
        "levels": {"department_head": 7, "supervising_leader": 7, "section_chief": 7},
    },
}


def _rating(n: int, person: str, level: str, value: float | None) -> dict[str, Any]:
    return fact(n, person, "ratings.rating", level, "2026-03-25", value=value)


def test_mean_within_a_level_sum_over_levels_missing_level_full(tmp_path: Path) -> None:
    facts = [
        _rating(1, "P1", "section_chief", 5.0),  # 良好
        _rating(2, "P1", "section_chief", 3.0),  # 较好: the two chiefs' mean is 4
        _rating(3, "P1", "section_chief", None),  # an abstention: not counted
        _rating(4, "P1", "department_head", 7.0),  # 优秀
        # no supervising leader rated P1: that level scores full, 7
    ]
    rows = indicator_rows(spec_from(tmp_path, base_spec([LEADERS])), facts, ["P1"])
    row = rows[("P1", "2026Q1", "leader_eval")]
    assert row["points"] == pytest.approx(7 + 4 + 7)  # 18
    assert row["max_points"] == 21.0
    assert row["measure"] == 3  # ratings cast
    # Each chief's rating is half their level's mean; the abstention has no points.
    assert row["evidence"] == {"a1": 2.5, "a2": 1.5, "a3": None, "a4": 7.0}


def test_a_level_rated_zero_is_not_missing(tmp_path: Path) -> None:
    # The supervising leader rated 较差 (0): 7 (head missing) + 0 + 7 (chief missing) = 14.
    facts = [_rating(1, "P1", "supervising_leader", 0.0)]
    rows = indicator_rows(spec_from(tmp_path, base_spec([LEADERS])), facts, ["P1"])
    assert rows[("P1", "2026Q1", "leader_eval")]["points"] == 14.0


def test_a_level_whose_raters_all_abstained_counts_as_missing(tmp_path: Path) -> None:
    facts = [
        _rating(1, "P1", "department_head", None),
        _rating(2, "P1", "supervising_leader", 5.0),
        _rating(3, "P1", "section_chief", 1.0),
    ]
    rows = indicator_rows(spec_from(tmp_path, base_spec([LEADERS])), facts, ["P1"])
    assert rows[("P1", "2026Q1", "leader_eval")]["points"] == 7 + 5 + 1


def test_nobody_rated_scores_full(tmp_path: Path) -> None:
    rows = indicator_rows(spec_from(tmp_path, base_spec([LEADERS])), [], ["P1"])
    assert rows[("P1", "2026Q1", "leader_eval")]["points"] == 21.0


def test_other_rater_kinds_are_not_read(tmp_path: Path) -> None:
    # A colleague's rating is not one of the levels: 7 + 7 + 3 = 17.
    facts = [_rating(1, "P1", "section_chief", 3.0), _rating(2, "P1", "colleague", 0.0)]
    rows = indicator_rows(spec_from(tmp_path, base_spec([LEADERS])), facts, ["P1"])
    assert rows[("P1", "2026Q1", "leader_eval")]["points"] == 17.0


def test_all_staff_nine_points_mean_of_ratings_cast(tmp_path: Path) -> None:
    ind = {
        "id": "staff_eval",
        "name": "群众评价",
        "source": "ratings.rating",
        "rule": {"type": "rater_tiers", "levels": {"colleague": 9}},
    }
    # 优秀 9, 良好 6, 良好 6, 较好 3, two abstentions: (9 + 6 + 6 + 3) ÷ 4 = 6.
    values = [9.0, 6.0, None, 6.0, 3.0, None]
    facts = [_rating(n, "P1", "colleague", v) for n, v in enumerate(values)]
    facts.append(_rating(9, "P2", "colleague", 1.0))  # 一般
    rows = indicator_rows(spec_from(tmp_path, base_spec([ind])), facts, ["P1", "P2"])
    assert rows[("P1", "2026Q1", "staff_eval")]["points"] == pytest.approx(6.0)
    assert rows[("P2", "2026Q1", "staff_eval")]["points"] == 1.0
    assert rows[("P1", "2026Q1", "staff_eval")]["max_points"] == 9.0

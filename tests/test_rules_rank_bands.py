"""rank_bands: "top 25 % → 90, 25–55 % → 80, the rest → 70", ranked within a group."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.scoring_helpers import base_spec, fact, indicator_rows, spec_from

BANDS = [[0.25, 90], [0.55, 80], [1.0, 70]]


def _rank(**rule: Any) -> dict[str, Any]:
    return {
        "id": "leader_eval",
        "name": "党政领导测评",
        "source": "ratings.rating",
        "kinds": ["party_gov_leader"],
        "rule": {"type": "rank_bands", "bands": BANDS, **rule},
    }


def _people(n: int) -> list[str]:
    return [f"P{i:02d}" for i in range(1, n + 1)]


def _rated(means: dict[str, float]) -> list[dict[str, Any]]:
    """Two raters per person, one point either side of the person's mean."""
    facts = []
    for n, (person, mean) in enumerate(means.items()):
        for k, delta in enumerate((-1.0, 1.0)):
            facts.append(
                fact(
                    10 * n + k,
                    person,
                    "ratings.rating",
                    "party_gov_leader",
                    "2026-03-20",
                    value=mean + delta,
                )
            )
    return facts


def _points(rows: dict, person: str) -> float:
    return rows[(person, "2026Q1", "leader_eval")]["points"]


def test_twenty_in_a_group_boundaries_go_to_the_higher_band(tmp_path: Path) -> None:
    # P01 best (mean 99) … P20 worst (mean 80): rank i, position i ÷ 20.
    people = _people(20)
    facts = _rated({p: 100.0 - i for i, p in enumerate(people, start=1)})
    rows = indicator_rows(spec_from(tmp_path, base_spec([_rank()])), facts, people)
    assert _points(rows, "P01") == 90  # 1/20 = 0.05
    assert _points(rows, "P05") == 90  # 5/20 = 0.25: the boundary belongs to the top band
    assert _points(rows, "P06") == 80  # 6/20 = 0.30
    assert _points(rows, "P11") == 80  # 11/20 = 0.55: boundary, higher band
    assert _points(rows, "P12") == 70  # 12/20 = 0.60
    assert _points(rows, "P20") == 70
    assert rows[("P05", "2026Q1", "leader_eval")]["measure"] == pytest.approx(95.0)
    assert "第 5 / 20 名" in rows[("P05", "2026Q1", "leader_eval")]["measure_label"]
    assert [_points(rows, p) for p in people].count(90) == 5
    assert [_points(rows, p) for p in people].count(80) == 6


def test_a_tie_across_the_boundary_shares_the_better_band(tmp_path: Path) -> None:
    # P05 and P06 tie for 5th: both rank 5 → 5/20 = 0.25 → 90; P07 is 7th (0.35) → 80.
    # P11, P12 and P13 tie for 11th: 11/20 = 0.55 → all three 80; P14 14/20 → 70.
    people = _people(20)
    means = {p: 100.0 - i for i, p in enumerate(people, start=1)}
    means["P06"] = means["P05"]
    means["P12"] = means["P13"] = means["P11"]
    rows = indicator_rows(spec_from(tmp_path, base_spec([_rank()])), _rated(means), people)
    assert [_points(rows, p) for p in ("P04", "P05", "P06", "P07")] == [90, 90, 90, 80]
    assert [_points(rows, p) for p in ("P10", "P11", "P12", "P13", "P14")] == [
        80,
        80,
        80,
        80,
        70,
    ]


def test_unrated_appraisees_are_not_ranked_and_score_the_last_band(tmp_path: Path) -> None:
    # 20 rated + 4 unrated. The group size is 20, not 24: P06 is 6/20 = 0.30 → 80 (it would
    # be 6/24 = 0.25 → 90 if the unrated counted); the unrated score the last band, 70.
    people = _people(24)
    facts = _rated({p: 100.0 - i for i, p in enumerate(people[:20], start=1)})
    rows = indicator_rows(spec_from(tmp_path, base_spec([_rank()])), facts, people)
    assert _points(rows, "P05") == 90
    assert _points(rows, "P06") == 80
    assert [_points(rows, p) for p in people[20:]] == [70] * 4
    assert rows[("P21", "2026Q1", "leader_eval")]["evidence"] == {}


def test_missing_points_when_given(tmp_path: Path) -> None:
    people = _people(3)
    facts = _rated({"P01": 90.0, "P02": 80.0})
    rows = indicator_rows(spec_from(tmp_path, base_spec([_rank(missing=0)])), facts, people)
    assert _points(rows, "P01") == 80  # 1/2 = 0.5 → 80
    assert _points(rows, "P02") == 70  # 2/2 → 70
    assert _points(rows, "P03") == 0


def _categories(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "UPDATE people SET category = CASE WHEN person_id <= 'P04' THEN '科级干部'"
        " ELSE '一般工作人员' END"
    )


MEANS = {
    "P01": 90.0,
    "P02": 80.0,
    "P03": 70.0,
    "P04": 60.0,
    "P05": 99.0,
    "P06": 98.0,
    "P07": 97.0,
    "P08": 96.0,
}
SMALL_BANDS = [[0.25, 90], [0.5, 80], [1.0, 70]]


def test_ranked_within_the_specs_rank_within_by_default(tmp_path: Path) -> None:
    # rank_within defaults to [org_unit_id, category]: two groups of four.
    # 科级干部 P01–P04: 1/4 → 90, 2/4 → 80, 3/4 → 70, 4/4 → 70; 一般工作人员 P05–P08 likewise.
    spec = spec_from(tmp_path, base_spec([_rank(bands=SMALL_BANDS)]))
    rows = indicator_rows(spec, _rated(MEANS), list(MEANS), setup=_categories)
    assert [_points(rows, p) for p in MEANS] == [90, 80, 70, 70, 90, 80, 70, 70]


@pytest.mark.parametrize("within", [["dept_key"], []])
def test_ranked_within_the_rules_own_attributes(tmp_path: Path, within: list[str]) -> None:
    # Everyone is in department d (and [] means one group per period): one group of eight,
    # P05 1/8 → 90, P06 2/8 → 90, P07 3/8 → 80, P08 4/8 → 80, P01–P04 5/8 … 8/8 → 70.
    spec = spec_from(tmp_path, base_spec([_rank(bands=SMALL_BANDS, within=within)]))
    rows = indicator_rows(spec, _rated(MEANS), list(MEANS), setup=_categories)
    assert [_points(rows, p) for p in MEANS] == [70, 70, 70, 70, 90, 90, 80, 80]


def test_each_period_ranked_apart(tmp_path: Path) -> None:
    # Q1: P01 better; Q2: P02 better. Bands of halves: best of two → 90, the other → 70.
    facts = [
        fact(1, "P01", "ratings.rating", "party_gov_leader", "2026-03-20", value=90.0),
        fact(2, "P02", "ratings.rating", "party_gov_leader", "2026-03-20", value=80.0),
        fact(3, "P01", "ratings.rating", "party_gov_leader", "2026-06-20", value=70.0),
        fact(4, "P02", "ratings.rating", "party_gov_leader", "2026-06-20", value=85.0),
    ]
    spec = spec_from(tmp_path, base_spec([_rank(bands=[[0.5, 90], [1.0, 70]])]))
    rows = indicator_rows(spec, facts, ["P01", "P02"], ("2026Q1", "2026Q2"))
    got = {(p, q): rows[(p, q, "leader_eval")]["points"] for p, q, _ in rows}
    assert got == {
        ("P01", "2026Q1"): 90,
        ("P02", "2026Q1"): 70,
        ("P01", "2026Q2"): 70,
        ("P02", "2026Q2"): 90,
    }


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        # P01: 3 records of 10 (sum 30, mean 10); P02: 1 record of 25 (sum 25, mean 25).
        ("mean", {"P01": 70, "P02": 90}),
        ("sum", {"P01": 90, "P02": 70}),
        ("count", {"P01": 90, "P02": 70}),
    ],
)
def test_measure_mean_sum_or_count(tmp_path: Path, measure: str, expected: dict) -> None:
    facts = [
        fact(i, "P01", "ratings.rating", "party_gov_leader", "2026-02-01", value=10.0)
        for i in range(3)
    ]
    facts.append(fact(9, "P02", "ratings.rating", "party_gov_leader", "2026-02-01", value=25.0))
    spec = spec_from(tmp_path, base_spec([_rank(bands=[[0.5, 90], [1.0, 70]], measure=measure)]))
    rows = indicator_rows(spec, facts, ["P01", "P02"])
    assert {p: _points(rows, p) for p in expected} == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        # position = rank ÷ n, so the top band holds at most ⌊0.25 n⌋ people, like a quota:
        (1, [70]),  # 1/1 = 1.0: a group of one is "the rest"
        (2, [80, 70]),  # 1/2 = 0.5 ≤ 0.55
        (4, [90, 80, 70, 70]),  # 1/4 = 0.25; 2/4 = 0.5; 3/4 = 0.75
        (8, [90, 90, 80, 80, 70, 70, 70, 70]),  # 2/8 = 0.25; 4/8 = 0.5; 5/8 = 0.625
    ],
)
def test_small_groups(tmp_path: Path, n: int, expected: list[int]) -> None:
    people = _people(n)
    facts = _rated({p: 100.0 - i for i, p in enumerate(people, start=1)})
    rows = indicator_rows(spec_from(tmp_path, base_spec([_rank()])), facts, people)
    assert [_points(rows, p) for p in people] == expected

"""Property tests: for random fact sets, every rule stays within its bounds, the simple rules
agree with a plain-Python reading of their text, and the order of the input rows is
irrelevant."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_warehouse.scoring.rules import _mondays
from kpi_warehouse.specs.model import Spec
from tests.scoring_helpers import ATTENDANCE, base_spec, fact, indicator_rows

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
AWARD_LEVELS = {"national": 5.0, "provincial": 4.0, "city": 3.0, "district": 2.0}
LEADER_LEVELS = {"department_head": 7.0, "supervising_leader": 7.0, "section_chief": 7.0}

SPEC = Spec.model_validate(
    base_spec(
        [
            {
                "id": "awards",
                "name": "表彰",
                "source": "registry.award",
                "rule": {
                    "type": "per_item",
                    "by_level": AWARD_LEVELS,
                    "once_per_event": True,
                    "collective_factor": 0.5,
                    "max": 5,
                },
            },
            {
                "id": "bulletins",
                "name": "简报",
                "source": "registry.bulletin",
                "rule": {"type": "per_item", "points": 2, "max": 5},
            },
            ATTENDANCE,
            {
                "id": "routine",
                "name": "常规",
                "source": "manual.entry",
                "kinds": ["routine_work"],
                "rule": {
                    "type": "direct",
                    "max": 50,
                    "max_without": {"kinds": ["key_project"], "max": 90},
                },
            },
            {
                "id": "adjust",
                "name": "奖惩",
                "source": "manual.entry",
                "kinds": ["reward", "penalty"],
                "rule": {"type": "direct", "min": -10, "max": 10},
            },
            {
                "id": "study",
                "name": "学习",
                "source": "office.study",
                "rule": {
                    "type": "dynamic_share",
                    "max": 3,
                    "counted": ["confirmed"],
                    "sessions": ["confirmed", "late", "absent"],
                },
            },
            {
                "id": "leaders",
                "name": "领导评价",
                "source": "ratings.rating",
                "rule": {"type": "rater_tiers", "levels": LEADER_LEVELS},
            },
            {
                "id": "ranked",
                "name": "测评排名",
                "source": "ratings.rating",
                "kinds": ["party_gov_leader"],
                "rule": {"type": "rank_bands", "bands": [[0.25, 90], [0.55, 80], [1.0, 70]]},
            },
            {
                "id": "goals",
                "name": "周记",
                "source": "office.journal",
                "rule": {
                    "type": "reviewed_hierarchy",
                    "levels": ["self", "section_chief", "supervising_leader", "department_head"],
                    "max": 50,
                },
            },
        ]
    )
)
BOUNDS = {
    "awards": (0, 5),
    "bulletins": (0, 5),
    "attendance": (0, 10),
    "routine": (0, 90),
    "adjust": (-10, 10),
    "study": (0, 3),
    "leaders": (0, 21),
    "ranked": (70, 90),
    "goals": (0, 50),
}
SIMPLE_KINDS = [
    ("registry.award", "award"),
    ("registry.award", "award"),
    ("registry.bulletin", "bulletin"),
    ("office.attendance", "late"),
    ("office.attendance", "absent"),
    ("office.attendance", "on_time"),
    ("manual.entry", "routine_work"),
    ("manual.entry", "key_project"),
    ("manual.entry", "reward"),
    ("manual.entry", "penalty"),
]
SHARE_KINDS = [
    ("office.study", "confirmed"),
    ("office.study", "late"),
    ("office.study", "absent"),
    ("ratings.rating", "department_head"),
    ("ratings.rating", "section_chief"),
    ("ratings.rating", "party_gov_leader"),
    ("office.journal", "journal_score"),
    ("office.journal", "journal_score"),
    ("office.journal", "journal_score"),
    ("office.journal", "journal_excused"),
]
PEOPLE = ["P1", "P2"]
JOURNAL_LEVELS = ["self", "section_chief", "department_head", "other"]
# Journal days: Thursday 1 January (a week of 2025), Mondays 5 and 12 January, Wednesday 7.
JOURNAL_DAYS = [date(2026, 1, 1), date(2026, 1, 5), date(2026, 1, 7), date(2026, 1, 12)]


@st.composite
def _row(draw: st.DrawFn, kinds: list[tuple[str, str]]) -> dict[str, Any]:
    """One fact, drawn so that events, weeks, goals and levels collide often."""
    source, kind = draw(st.sampled_from(kinds))
    if source == "office.journal":
        day = draw(st.sampled_from(JOURNAL_DAYS))
        level = draw(st.sampled_from(JOURNAL_LEVELS))
    else:
        day = Q1[0] + timedelta(draw(st.integers(-5, 95)))
        level = draw(st.sampled_from([None, *AWARD_LEVELS]))
    return {
        "person": draw(st.sampled_from(PEOPLE)),
        "source_kind": (source, kind),
        "day": day,
        "level": level,
        # Multiples of ½ and shares that are powers of ½: every sum is exact, so a shuffled
        # input must give bit-identical results.
        "value": draw(st.none() | st.integers(-40, 120).map(lambda v: v / 2)),
        "event_key": draw(st.sampled_from([None, "E1", "E1", "E2"])),
        "is_collective": draw(st.booleans()),
        "share": draw(st.sampled_from([1.0, 0.5, 0.25])),
        "quantity": draw(st.sampled_from([1.0, 1.0, 2.0])),
    }


def _facts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for n, r in enumerate(rows):
        source, kind = r["source_kind"]
        extra = {k: r[k] for k in ("level", "value", "event_key", "is_collective", "share")}
        out.append(
            fact(n, r["person"], source, kind, str(r["day"]), quantity=r["quantity"], **extra)
        )
    return out


def _in_q1(f: dict[str, Any]) -> bool:
    return Q1[0] <= f["activity_date"] <= Q1[1]


def _expected_simple(facts: list[dict[str, Any]], person: str) -> dict[str, float]:
    """per_item, deduct and direct, read straight from their text."""
    mine = [f for f in facts if f["person_id"] == person and _in_q1(f)]

    def of(source: str, *kinds: str) -> list[dict[str, Any]]:
        return [f for f in mine if f["source"] == source and f["kind"] in kinds]

    best: dict[str, float] = defaultdict(float)  # an event counts once, at its best record
    for f in of("registry.award", "award"):
        pts = AWARD_LEVELS.get(f["level"], 0.0) * f["quantity"] * f["share"]
        pts *= 0.5 if f["is_collective"] else 1.0
        key = f["event_key"] or f["activity_id"]
        best[key] = max(best.get(key, pts), pts)
    bulletins = sum(2 * f["quantity"] * f["share"] for f in of("registry.bulletin", "bulletin"))
    late = sum(f["quantity"] for f in of("office.attendance", "late"))
    absent = sum(f["quantity"] for f in of("office.attendance", "absent"))
    attendance = 0.0 if late >= 10 or absent >= 2 else max(0.0, 10 - late - 5 * absent)
    routine = sum(f["value"] or 0 for f in of("manual.entry", "routine_work"))
    cap = 50 if of("manual.entry", "key_project") else 90
    adjust = sum(f["value"] or 0 for f in of("manual.entry", "reward", "penalty"))
    return {
        "awards": min(sum(best.values()), 5),
        "bulletins": min(bulletins, 5),
        "attendance": attendance,
        "routine": min(max(routine, 0), cap),
        "adjust": min(max(adjust, -10), 10),
    }


def _summary(rows: dict) -> dict:
    return {
        k: (r["points"], r["raw_points"], r["max_points"], r["measure_label"], r["evidence"])
        for k, r in rows.items()
    }


def _check_bounds(scored: dict) -> None:
    assert len(scored) == len(PEOPLE) * len(SPEC.indicators)
    for (_, _, ind), r in scored.items():
        low, high = BOUNDS[ind]
        assert low <= r["points"] <= high, (ind, r)
        assert r["points"] <= r["max_points"] or ind == "ranked"


def _check_order(facts: list[dict[str, Any]], scored: dict, data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(facts))
    assert _summary(indicator_rows(SPEC, list(shuffled), PEOPLE)) == _summary(scored)


EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(rows=st.lists(_row(SIMPLE_KINDS), min_size=10, max_size=50), data=st.data())
def test_simple_rules(rows: list[dict[str, Any]], data: st.DataObject) -> None:
    """per_item, deduct and direct: within bounds, as their text says, whatever the order."""
    facts = _facts(rows)
    scored = indicator_rows(SPEC, facts, PEOPLE)
    _check_bounds(scored)
    for person in PEOPLE:
        for ind, expected in _expected_simple(facts, person).items():
            assert scored[(person, "2026Q1", ind)]["points"] == pytest.approx(expected), ind
    _check_order(facts, scored, data)


@EXAMPLES
@given(rows=st.lists(_row(SHARE_KINDS), min_size=10, max_size=50), data=st.data())
def test_share_rules(rows: list[dict[str, Any]], data: st.DataObject) -> None:
    """dynamic_share, rater_tiers, rank_bands, reviewed_hierarchy: within bounds, evidence
    that adds up to the points (a second formulation of each rule), whatever the order."""
    facts = _facts(rows)
    scored = indicator_rows(SPEC, facts, PEOPLE)
    _check_bounds(scored)
    for person in PEOPLE:
        study = scored[(person, "2026Q1", "study")]
        if study["evidence"]:
            assert sum(study["evidence"].values()) == pytest.approx(study["raw_points"])
        goals = scored[(person, "2026Q1", "goals")]
        assert sum(goals["evidence"].values()) == pytest.approx(goals["raw_points"])
        leaders = scored[(person, "2026Q1", "leaders")]
        rated = {
            f["kind"]
            for f in facts
            if f["person_id"] == person and _in_q1(f) and f["value"] is not None
        }
        unrated = sum(v for k, v in LEADER_LEVELS.items() if k not in rated)
        given_points = sum(v or 0 for v in leaders["evidence"].values())
        assert given_points + unrated == pytest.approx(leaders["raw_points"])
    _check_order(facts, scored, data)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(date(2020, 1, 1), date(2030, 12, 31)), days=st.integers(0, 400))
def test_mondays_in_a_date_range(start: date, days: int) -> None:
    end = start + timedelta(days)
    expected = sum((start + timedelta(d)).isoweekday() == 1 for d in range(days + 1))
    got = duckdb.sql(
        f"SELECT {_mondays('s', 'e')} FROM (SELECT DATE '{start}' AS s, DATE '{end}' AS e)"
    ).fetchone()
    assert got == (expected,)

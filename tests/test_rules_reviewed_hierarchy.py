"""reviewed_hierarchy: weekly journals; the highest reviewer's score is final."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scoring_helpers import base_spec, fact, indicator_rows, spec_from

JOURNALS = {
    "id": "goals",
    "name": "业务目标（工作周记）",
    "source": "office.journal",
    "rule": {
        "type": "reviewed_hierarchy",
        "levels": ["self", "section_chief", "supervising_leader", "department_head"],
        "max": 50,
    },
}
MARCH = ("2026-03",)  # Mondays: 2, 9, 16, 23 and 30 March 2026


def _score(n: int, person: str, monday: str, level: str, value: float | None, goal: str) -> dict:
    return fact(
        n,
        person,
        "office.journal",
        "journal_score",
        monday,
        level=level,
        value=value,
        event_key=goal,
    )


def _excused(n: int, person: str, monday: str) -> dict[str, Any]:
    return fact(n, person, "office.journal", "journal_excused", monday)


def _rows(
    tmp_path: Path,
    facts: list,
    people: list[str],
    periods: tuple[str, ...] = MARCH,
    **rule: Any,
) -> dict:
    ind = dict(JOURNALS, rule={**JOURNALS["rule"], **rule})
    spec = spec_from(tmp_path, base_spec([ind], period="month" if periods == MARCH else "quarter"))
    return indicator_rows(spec, facts, people, periods)


def test_a_month_of_journals(tmp_path: Path) -> None:
    facts = [
        # 2 March: self 40, section chief 44, department head 48 → the head's 48 is final
        # (the supervising leader did not review: agreeing with the level below).
        _score(1, "P1", "2026-03-02", "self", 40, "G1"),
        _score(2, "P1", "2026-03-02", "section_chief", 44, "G1"),
        _score(3, "P1", "2026-03-02", "department_head", 48, "G1"),
        # 9 March: only self-scored → the self score 42 counts.
        _score(4, "P1", "2026-03-09", "self", 42, "G1"),
        # 16 March: two goal categories: G1 reviewed to 46, G2 self 30 → (46 + 30) ÷ 2 = 38.
        _score(5, "P1", "2026-03-16", "self", 40, "G1"),
        _score(6, "P1", "2026-03-16", "section_chief", 46, "G1"),
        _score(7, "P1", "2026-03-16", "self", 30, "G2"),
        # 23 March: no journal and no excuse → 0.
        # 30 March: excused (official trip) → left out.
        _excused(8, "P1", "2026-03-30"),
    ]
    row = _rows(tmp_path, facts, ["P1"])[("P1", "2026-03", "goals")]
    # (48 + 42 + 38 + 0) ÷ 4 weeks = 32.
    assert row["points"] == pytest.approx(32.0)
    assert row["measure"] == 3  # weeks with a journal
    assert row["measure_label"] == "记分 3 周 / 应计 4 周（免计 1 周）"
    # Evidence: each final score's share of the 32: 48 ÷ 4, 42 ÷ 4, 46 ÷ 2 ÷ 4, 30 ÷ 2 ÷ 4.
    assert row["evidence"] == pytest.approx(
        {
            "a1": 0.0,
            "a2": 0.0,
            "a3": 12.0,
            "a4": 10.5,
            "a5": 0.0,
            "a6": 5.75,
            "a7": 3.75,
            "a8": 0.0,
        }
    )


def test_no_journal_at_all_scores_zero(tmp_path: Path) -> None:
    row = _rows(tmp_path, [], ["P1"])[("P1", "2026-03", "goals")]
    assert row["points"] == 0.0


def test_an_excused_week_with_a_back_filled_journal_counts(tmp_path: Path) -> None:
    # 2 March excused but back-filled (self 40); four other weeks missing: 40 ÷ 5 = 8.
    facts = [_excused(1, "P1", "2026-03-02"), _score(2, "P1", "2026-03-02", "self", 40, "G1")]
    row = _rows(tmp_path, facts, ["P1"])[("P1", "2026-03", "goals")]
    assert row["points"] == pytest.approx(8.0)


@pytest.mark.parametrize(("if_no_weeks", "expected"), [(None, 0.0), (25, 25.0)])
def test_every_week_excused(tmp_path: Path, if_no_weeks: float | None, expected: float) -> None:
    mondays = ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"]
    facts = [_excused(n, "P1", m) for n, m in enumerate(mondays)]
    rule = {} if if_no_weeks is None else {"if_no_weeks": if_no_weeks}
    row = _rows(tmp_path, facts, ["P1"], **rule)[("P1", "2026-03", "goals")]
    assert row["points"] == expected


def test_several_scores_at_the_top_level_are_averaged(tmp_path: Path) -> None:
    # Two section chiefs scored G1 on 2 March: 40 and 44 → 42; ÷ 5 weeks = 8.4.
    facts = [
        _score(1, "P1", "2026-03-02", "self", 50, "G1"),
        _score(2, "P1", "2026-03-02", "section_chief", 40, "G1"),
        _score(3, "P1", "2026-03-02", "section_chief", 44, "G1"),
    ]
    row = _rows(tmp_path, facts, ["P1"])[("P1", "2026-03", "goals")]
    assert row["points"] == pytest.approx(8.4)
    assert sum(row["evidence"].values()) == pytest.approx(8.4)


def test_unlisted_levels_and_empty_reviews_are_ignored(tmp_path: Path) -> None:
    # The head's review has no score yet and a "deputy" is not a listed level: self 30
    # stands; 30 ÷ 5 = 6.
    facts = [
        _score(1, "P1", "2026-03-02", "self", 30, "G1"),
        _score(2, "P1", "2026-03-02", "department_head", None, "G1"),
        _score(3, "P1", "2026-03-02", "deputy", 50, "G1"),
    ]
    row = _rows(tmp_path, facts, ["P1"])[("P1", "2026-03", "goals")]
    assert row["points"] == pytest.approx(6.0)


def test_weeks_belong_to_the_period_of_their_monday(tmp_path: Path) -> None:
    # Q1 2026 has 13 Mondays (5 January … 30 March). 1 January is a Thursday of the week of
    # 29 December 2025: not a Q1 week. A record dated Wednesday 7 January is the week of
    # 5 January. So Q1 = 39 ÷ 13 = 3.
    facts = [
        _score(1, "P1", "2026-01-01", "self", 50, "G1"),
        _score(2, "P1", "2026-01-07", "self", 39, "G1"),
    ]
    row = _rows(tmp_path, facts, ["P1"], periods=("2026Q1",))[("P1", "2026Q1", "goals")]
    assert row["points"] == pytest.approx(3.0)
    assert row["evidence"] == pytest.approx({"a1": 0.0, "a2": 3.0})


def test_people_are_scored_apart(tmp_path: Path) -> None:
    # P1: one week of 50 → 10; P2: every week reviewed to 45 by the supervising leader → 45.
    mondays = ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"]
    facts = [_score(0, "P1", "2026-03-02", "self", 50, "G1")]
    facts += [
        _score(10 + n, "P2", m, "supervising_leader", 45, "G1") for n, m in enumerate(mondays)
    ]
    rows = _rows(tmp_path, facts, ["P1", "P2"])
    assert rows[("P1", "2026-03", "goals")]["points"] == pytest.approx(10.0)
    assert rows[("P2", "2026-03", "goals")]["points"] == pytest.approx(45.0)

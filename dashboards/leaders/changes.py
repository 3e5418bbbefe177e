"""Figures of a set of person results and their change against other periods (pure pandas).

A figure is a number (headcount, mean total, how many got each grade, payouts); a change is
this period's figure minus the other period's, None where the other period has no results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboards.components import fmt_points
from dashboards.i18n import is_missing

# Every grade a person's result can carry, best first (基本称职 only in annual results).
PERSON_GRADES: tuple[str, ...] = ("优秀", "良好", "称职", "基本称职", "不称职")
UNDETERMINED = "__undetermined__"
HEADCOUNT = "headcount"
MEAN_TOTAL = "mean_total"
PAYOUTS = "payouts"


def grade_figure(grade: str) -> str:
    return f"grade:{grade}"


def figures(results: pd.DataFrame | None, payouts: float | None = None) -> dict[str, float] | None:
    """Headcount, mean total and one count per grade (and payouts when given); None when
    there are no results (the period is not there to compare with)."""
    if results is None or results.empty:
        return None
    out: dict[str, float] = {
        HEADCOUNT: float(len(results)),
        MEAN_TOTAL: float(pd.to_numeric(results["total"], errors="coerce").mean()),
    }
    grades = [g if isinstance(g, str) and g in PERSON_GRADES else UNDETERMINED
              for g in results["grade"]]  # fmt: skip
    for grade in (*PERSON_GRADES, UNDETERMINED):
        out[grade_figure(grade)] = float(grades.count(grade))
    if payouts is not None:
        out[PAYOUTS] = float(payouts)
    return out


def shown_figures(*sets: Mapping[str, float] | None) -> list[str]:
    """The figure keys worth a row: headcount, mean, the four quarterly grades, 基本称职 and
    undetermined only where some period has them, and payouts when known."""
    keys = [HEADCOUNT, MEAN_TOTAL]
    for grade in (*PERSON_GRADES, UNDETERMINED):
        key = grade_figure(grade)
        optional = grade in ("基本称职", UNDETERMINED)
        if not optional or any(s and s.get(key) for s in sets):
            keys.append(key)
    if any(s and PAYOUTS in s for s in sets):
        keys.append(PAYOUTS)
    return keys


def change(current: object, base: object) -> float | None:
    """current − base; None when either is missing."""
    if is_missing(current) or is_missing(base):
        return None
    return float(current) - float(base)  # type: ignore[arg-type]


def fmt_change(value: float | None) -> str:
    """+2.5, −1, 0; a dash when there is nothing to compare with."""
    if value is None or is_missing(value):
        return fmt_points(None)
    if abs(value) < 5e-10:
        return "0"
    sign = "+" if value > 0 else "−"
    return sign + fmt_points(abs(value))


def rank_move(rank: object, base_rank: object) -> float | None:
    """Places gained (positive: moved up) from ``base_rank`` to ``rank``."""
    if is_missing(rank) or is_missing(base_rank):
        return None
    return float(base_rank) - float(rank)  # type: ignore[arg-type]


def fmt_rank_move(value: float | None) -> str:
    if value is None or is_missing(value):
        return fmt_points(None)
    if value == 0:
        return "0"
    return ("↑" if value > 0 else "↓") + fmt_points(abs(value))


def person_changes(current: pd.DataFrame, bases: Sequence[pd.DataFrame | None]) -> pd.DataFrame:
    """Per person of ``current``: the change of total and the places moved against each base
    (columns ``total_change_<i>``, ``rank_move_<i>``, ``grade_<i>``, i = 0, 1, ...)."""
    out = current.copy()
    for index, base in enumerate(bases):
        if base is None or base.empty:
            out[f"total_change_{index}"] = None
            out[f"rank_move_{index}"] = None
            out[f"grade_{index}"] = None
            out[f"has_{index}"] = False
            continue
        keyed = base.drop_duplicates("person_id").set_index("person_id")
        known = out["person_id"].isin(keyed.index)
        totals = out["person_id"].map(keyed["total"])
        ranks = out["person_id"].map(keyed["rank_in_category"])
        out[f"total_change_{index}"] = [
            change(c, b) for c, b in zip(out["total"], totals, strict=True)
        ]
        out[f"rank_move_{index}"] = [
            rank_move(c, b) for c, b in zip(out["rank_in_category"], ranks, strict=True)
        ]
        out[f"grade_{index}"] = out["person_id"].map(keyed["grade"])
        out[f"has_{index}"] = known
    return out

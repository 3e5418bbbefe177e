"""Grade quotas: the lowest-scored overflow of a capped grade drops one grade.

The rule text is on :class:`kpi_warehouse.specs.model.Quotas`.
"""

from __future__ import annotations

from kpi_warehouse.scoring.sql import ident, lit
from kpi_warehouse.specs.model import Quotas, QuotaSets, quota_sets


def quota_ctes(
    quotas: QuotaSets | None, names: list[str], previous: str
) -> tuple[list[tuple[str, str]], str]:
    """CTEs applying the quotas to relation ``previous`` (columns idx, is_forced, total,
    notes, period_id and the group attributes); returns them and the last CTE's name.
    Several quota sets apply one after the other, in the order listed."""
    ctes: list[tuple[str, str]] = []
    for n, one in enumerate(quota_sets(quotas)):
        more, previous = _quota_set_ctes(one, names, previous, f"quota{n if n else ''}")
        ctes += more
    return ctes, previous


def _quota_set_ctes(
    quotas: Quotas, names: list[str], previous: str, prefix: str
) -> tuple[list[tuple[str, str]], str]:
    ctes = []
    group = ", ".join(f"{ident(k)}" for k in quotas.within) or "NULL"
    window = f"PARTITION BY period_id, {group}"
    for grade, quota in quotas.grades.items():
        k = names.index(grade)
        if k == len(names) - 1:
            continue  # the lowest grade cannot overflow
        cap = f"floor(count(idx) OVER ({window}) * {lit(quota.share)})"
        if quota.max_count is not None:
            cap = f"least({cap}, {quota.max_count})"
        forced_here = f"count(*) FILTER (WHERE is_forced AND idx = {k}) OVER ({window})"
        # Everyone in grade k (not forced) with a total at least mine, ties included: if the
        # ties do not all fit under the cap, they all drop.
        at_or_above = (
            f"count(*) FILTER (WHERE idx = {k} AND NOT is_forced) OVER ({window} "
            "ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        )
        name = f"{prefix}_{k}"
        note = lit(f"超出{grade}名额，降一等次")
        ctes.append(
            (
                name,
                f"""
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN {k + 1} ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, {note}) ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = {k} AND NOT is_forced
                                     AND {at_or_above} > {cap} - {forced_here}, FALSE) AS drop
                  FROM {previous})""",
            )
        )
        previous = name
    return ctes, previous

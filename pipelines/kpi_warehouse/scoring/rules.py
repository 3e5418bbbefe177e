"""Rule semantics: for each rule type, the SQL that scores it.

Every rule is compiled against a *matched* relation: one row per fact that the indicator's
source and kinds select, for one appraisee and period, with columns
``appraisee_id, period_id, activity_id, kind, level, quantity, value, event_key,
is_collective, share, activity_date``. A rule gives

- ``contribution``: an expression for one record's share of the points (or NULL), which
  becomes the record's line in ``fct_evidence``;
- ``aggregate``: ``measure, measure_label, raw_points`` per appraisee and period;
- ``empty``: the same three for an appraisee with no matching record;
- ``bounds``: the limits that turn raw points into points (caps and floors).
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_warehouse.scoring.sql import case_map, in_list, lit
from kpi_warehouse.specs.catalog import SOURCES
from kpi_warehouse.specs.model import Indicator
from kpi_warehouse.specs.rule_models import Deduct, Direct, MeanValue, PerItem, RateBands


@dataclass(frozen=True)
class CompiledRule:
    contribution: str  # SQL over matched columns (before once-per-event ranking)
    ranks_events: bool  # keep only the best record per event_key
    aggregate: str  # SELECT list over the matched CTE (grouped by appraisee, period)
    empty: tuple[str, str, str]  # measure, measure_label, raw_points when nothing matched
    lower: float | None
    upper: float | None
    max_points: float | None


def _num(expr: str, digits: int = 2) -> str:
    """Format a number for a label without trailing zeros (3, 2.5, 0.33)."""
    return f"printf('%g', round({expr}, {digits}))"


def _kind_label(source: str, kind: str) -> str:
    return SOURCES.get(source, {}).get(kind, kind)


def _per_item(ind: Indicator, rule: PerItem) -> CompiledRule:
    base = lit(rule.points) if rule.by_level is None else case_map("level", rule.by_level)
    collective = f"(CASE WHEN is_collective THEN {lit(rule.collective_factor)} ELSE 1.0 END)"
    contribution = f"({base} * quantity * coalesce(share, 1.0) * {collective})"
    return CompiledRule(
        contribution=contribution,
        ranks_events=rule.once_per_event,
        aggregate=(
            "count(*) FILTER (WHERE contribution > 0) AS measure, "
            "'计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, "
            "coalesce(sum(contribution), 0.0) AS raw_points"
        ),
        empty=("0.0", "'计分 0 项'", "0.0"),
        lower=None,
        upper=rule.max,
        max_points=rule.max,
    )


def _deduct(ind: Indicator, rule: Deduct) -> CompiledRule:
    kinds = list(dict.fromkeys([*rule.per, *rule.zero_if]))
    count = {k: f"coalesce(sum(quantity) FILTER (WHERE kind = {lit(k)}), 0)" for k in kinds}
    deducted = " + ".join(f"{lit(rule.per[k])} * {count[k]}" for k in rule.per) or "0.0"
    zero = " OR ".join(f"{count[k]} >= {lit(t)}" for k, t in rule.zero_if.items()) or "FALSE"
    label = " || '；' || ".join(
        f"'{_kind_label(ind.source, k)} ' || {_num(count[k])} || ' 次'" for k in kinds
    )
    empty_label = "；".join(f"{_kind_label(ind.source, k)} 0 次" for k in kinds)
    return CompiledRule(
        contribution=f"(-1.0 * {case_map('kind', rule.per)} * quantity)",
        ranks_events=False,
        aggregate=(
            f"{' + '.join(count[k] for k in kinds)} AS measure, {label} AS measure_label, "
            f"CASE WHEN {zero} THEN 0.0 ELSE {lit(rule.start)} - ({deducted}) END AS raw_points"
        ),
        empty=("0.0", lit(empty_label), lit(rule.start)),
        lower=rule.floor,
        upper=None,
        max_points=rule.start,
    )


def _direct(ind: Indicator, rule: Direct) -> CompiledRule:
    return CompiledRule(
        contribution="value",
        ranks_events=False,
        aggregate=(
            "coalesce(sum(value), 0.0) AS measure, "
            f"'录入 ' || {_num('coalesce(sum(value), 0.0)')} || ' 分' AS measure_label, "
            "coalesce(sum(value), 0.0) AS raw_points"
        ),
        empty=("0.0", "'未录入'", "0.0"),
        lower=rule.min,
        upper=rule.max,
        max_points=rule.max,
    )


def _rate_bands(ind: Indicator, rule: RateBands) -> CompiledRule:
    # Aggregated in two steps (per month, then mean); see compiler._rate_bands_cte.
    return CompiledRule(
        contribution="NULL::DOUBLE",
        ranks_events=False,
        aggregate="",
        empty=("NULL::DOUBLE", "'无记录'", lit(rule.otherwise)),
        lower=None,
        upper=None,
        max_points=max([rule.otherwise, *(p for _, p in rule.bands)]),
    )


def rate_bands_aggregate(rule: RateBands, matched: str) -> str:
    """Per month: rate = numerator ÷ denominator → band points; then the mean over months."""
    num = f"sum(quantity) FILTER (WHERE kind IN {in_list(rule.numerator)})"
    den = f"sum(quantity) FILTER (WHERE kind IN {in_list(rule.denominator)})"
    bands = " ".join(f"WHEN rate >= {lit(r)} THEN {lit(p)}" for r, p in rule.bands)
    return f"""
        SELECT appraisee_id, period_id,
               avg(rate) AS measure,
               '月均比率 ' || {_num("100 * avg(rate)", 1)} || '%（' || count(*) || ' 个月）'
                   AS measure_label,
               avg(points) AS raw_points
        FROM (
            SELECT appraisee_id, period_id, rate,
                   CASE {bands} ELSE {lit(rule.otherwise)} END AS points
            FROM (
                SELECT appraisee_id, period_id, date_trunc('month', activity_date) AS month,
                       coalesce({num}, 0) / {den} AS rate
                FROM {matched}
                GROUP BY ALL
                HAVING {den} > 0
            )
        )
        GROUP BY appraisee_id, period_id"""


def _mean_value(ind: Indicator, rule: MeanValue) -> CompiledRule:
    return CompiledRule(
        contribution="value",
        ranks_events=False,
        aggregate=(
            "avg(value) AS measure, "
            f"'平均 ' || {_num('avg(value)')} || '（' || count(*) || ' 条）' AS measure_label, "
            f"coalesce(avg(value) * {lit(rule.scale)}, {lit(rule.missing)}) AS raw_points"
        ),
        empty=("NULL::DOUBLE", "'无记录'", lit(rule.missing)),
        lower=None,
        upper=rule.max,
        max_points=rule.max,
    )


def compile_rule(ind: Indicator) -> CompiledRule:
    rule = ind.rule
    if isinstance(rule, PerItem):
        return _per_item(ind, rule)
    if isinstance(rule, Deduct):
        return _deduct(ind, rule)
    if isinstance(rule, Direct):
        return _direct(ind, rule)
    if isinstance(rule, RateBands):
        return _rate_bands(ind, rule)
    if isinstance(rule, MeanValue):
        return _mean_value(ind, rule)
    raise TypeError(f"no SQL for rule {type(rule).__name__}")

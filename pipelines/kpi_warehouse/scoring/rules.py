"""Rule semantics: for each rule type, the SQL that scores it.

Every rule is compiled against a *matched* relation: one row per fact that the indicator's
source and kinds select, for one appraisee and period, with columns
``appraisee_id, period_id, activity_id, kind, level, quantity, value, event_key,
is_collective, share, activity_date, contribution``. A rule gives a :class:`CompiledRule`,
which holds the whole of its semantics:

- ``contribution``: an expression for one record's share of the points (or NULL), which
  becomes the record's line in ``fct_evidence`` (a record that does not count, such as all
  but the best record of an event, contributes 0). It is evaluated where the appraisee row
  ``a`` (``appraisee_id, period_id, start_date, end_date``) is joined to the fact row, so it
  may use window functions partitioned by ``a.appraisee_id, a.period_id``; columns of ``a``
  must be qualified (the pipeline's facts carry a ``period_id`` of their own);
- ``aggregate``: ``measure, measure_label, raw_points`` per appraisee and period, as a
  SELECT list over the matched relation, or ``grouped``: a whole query over it for rules
  of another shape (per month, ranked within a group, per week);
- ``empty``: the same three for an appraisee with no matching record;
- ``lower``/``upper`` (or ``upper_sql`` for a per-appraisee cap): the limits that turn raw
  points into points.

Compilers are registered by rule type in :data:`_COMPILERS`; the rule models (their stated
semantics, and the maximum each allows, ``max_points``) are in
:mod:`kpi_warehouse.specs.rule_models`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kpi_warehouse.scoring.sql import case_map, ident, in_list, lit
from kpi_warehouse.specs.catalog import SOURCES
from kpi_warehouse.specs.model import Indicator
from kpi_warehouse.specs.rule_models import (
    Deduct,
    Direct,
    DynamicShare,
    MeanValue,
    PerItem,
    RankBands,
    RateBands,
    RaterTiers,
    ReviewedHierarchy,
)


@dataclass(frozen=True)
class RuleContext:
    """Names a rule may need beyond its matched records (given by the compiler)."""

    facts: str = "facts"  # the conformed facts relation
    fact_key: str = "person_id"  # the facts' (and appraisee table's) key of the appraisee
    appraisee_table: str = "people"  # appraisee attributes, keyed by fact_key
    appraisees: str = "appraisees"  # CTE: appraisee_id, period_id, rank_group, start/end_date


@dataclass(frozen=True)
class CompiledRule:
    contribution: str  # SQL: one record's points, over the fact and appraisee rows
    aggregate: str  # SELECT list over the matched CTE (grouped by appraisee, period)
    empty: tuple[str, str, str]  # measure, measure_label, raw_points when nothing matched
    lower: float | None
    upper: float | None
    # A whole query over the matched relation (its name given) returning appraisee_id,
    # period_id, measure, measure_label, raw_points; replaces ``aggregate`` when set.
    grouped: Callable[[str], str] | None = None
    # A per-appraisee cap over the appraisee row ``a``; also that row's max_points.
    upper_sql: str | None = None


def _num(expr: str, digits: int = 2) -> str:
    """Format a number for a label without trailing zeros (3, 2.5, 0.33)."""
    return f"printf('%g', round({expr}, {digits}))"


def _kind_label(source: str, kind: str) -> str:
    return SOURCES.get(source, {}).get(kind, kind)


_APPRAISEE = "a.appraisee_id, a.period_id"  # partition of one appraisee × period (row scope)


def _per_item(ind: Indicator, rule: PerItem, ctx: RuleContext) -> CompiledRule:
    base = lit(rule.points) if rule.by_level is None else case_map("level", rule.by_level)
    collective = f"(CASE WHEN is_collective THEN {lit(rule.collective_factor)} ELSE 1.0 END)"
    # The collective factor and share apply before once_per_event picks the best record.
    earned = f"({base} * quantity * coalesce(share, 1.0) * {collective})"
    contribution = earned
    if rule.once_per_event:
        # Records sharing an event_key count once, at the one that earns the most (ties: the
        # first by activity_id); a record without an event_key is an event of its own.
        event = f"PARTITION BY {_APPRAISEE}, coalesce(event_key, activity_id)"
        best = f"row_number() OVER ({event} ORDER BY {earned} DESC, activity_id) = 1"
        contribution = f"(CASE WHEN {best} THEN {earned} ELSE 0.0 END)"
    return CompiledRule(
        contribution=contribution,
        aggregate=(
            "count(*) FILTER (WHERE contribution > 0) AS measure, "
            "'计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, "
            "coalesce(sum(contribution), 0.0) AS raw_points"
        ),
        empty=("0.0", "'计分 0 项'", "0.0"),
        lower=None,
        upper=rule.max,
    )


def _deduct(ind: Indicator, rule: Deduct, ctx: RuleContext) -> CompiledRule:
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
        aggregate=(
            f"{' + '.join(count[k] for k in kinds)} AS measure, {label} AS measure_label, "
            f"CASE WHEN {zero} THEN 0.0 ELSE {lit(rule.start)} - ({deducted}) END AS raw_points"
        ),
        empty=("0.0", lit(empty_label), lit(rule.start)),
        lower=rule.floor,
        upper=None,
    )


def _direct(ind: Indicator, rule: Direct, ctx: RuleContext) -> CompiledRule:
    upper_sql = None
    if rule.max_without is not None:
        # Not through the matched relation: it holds only the indicator's own kinds.
        has = (
            f"EXISTS (SELECT 1 FROM {ctx.facts} x WHERE x.source = {lit(ind.source)}"
            f" AND x.kind IN {in_list(rule.max_without.kinds)}"
            f" AND x.{ident(ctx.fact_key)} = a.appraisee_id"
            " AND x.activity_date BETWEEN a.start_date AND a.end_date)"
        )
        upper_sql = f"(CASE WHEN {has} THEN {lit(rule.max)} ELSE {lit(rule.max_without.max)} END)"
    grouped = None
    if rule.split_max:
        cap = upper_sql or lit(rule.max)

        def grouped(matched: str) -> str:
            """Each part (records sharing an event_key) capped at cap ÷ parts, then summed."""
            return f"""
            SELECT appraisee_id, period_id, sum(part) AS measure,
                   '录入 ' || {_num("sum(part)")} || ' 分（' || count(*) || ' 项，每项最高 '
                       || {_num("any_value(part_cap)")} || ' 分）' AS measure_label,
                   sum(least(part, part_cap)) AS raw_points
            FROM (
                SELECT p.appraisee_id, p.period_id, p.part,
                       {cap} / count(*) OVER (PARTITION BY p.appraisee_id, p.period_id)
                           AS part_cap
                FROM (
                    SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS part
                    FROM {matched}
                    GROUP BY appraisee_id, period_id, coalesce(event_key, activity_id)
                ) p
                JOIN {ctx.appraisees} a USING (appraisee_id, period_id)
            )
            GROUP BY appraisee_id, period_id"""

    return CompiledRule(
        contribution="value",
        aggregate=(
            "coalesce(sum(value), 0.0) AS measure, "
            f"'录入 ' || {_num('coalesce(sum(value), 0.0)')} || ' 分' AS measure_label, "
            "coalesce(sum(value), 0.0) AS raw_points"
        ),
        empty=("0.0", "'未录入'", "0.0"),
        lower=rule.min,
        upper=None if upper_sql else rule.max,
        grouped=grouped,
        upper_sql=upper_sql,
    )


def _rate_bands(ind: Indicator, rule: RateBands, ctx: RuleContext) -> CompiledRule:
    return CompiledRule(
        contribution="NULL::DOUBLE",
        aggregate="",
        empty=("NULL::DOUBLE", "'无记录'", lit(rule.otherwise)),
        lower=None,
        upper=None,
        grouped=lambda matched: _rate_bands_grouped(rule, matched),
    )


def _rate_bands_grouped(rule: RateBands, matched: str) -> str:
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


def _mean_value(ind: Indicator, rule: MeanValue, ctx: RuleContext) -> CompiledRule:
    return CompiledRule(
        contribution="value",
        aggregate=(
            "avg(value) AS measure, "
            f"'平均 ' || {_num('avg(value)')} || '（' || count(*) || ' 条）' AS measure_label, "
            f"coalesce(avg(value) * {lit(rule.scale)}, {lit(rule.missing)}) AS raw_points"
        ),
        empty=("NULL::DOUBLE", "'无记录'", lit(rule.missing)),
        lower=None,
        upper=rule.max,
    )


def _dynamic_share(ind: Indicator, rule: DynamicShare, ctx: RuleContext) -> CompiledRule:
    """max × counted ÷ sessions; each counted record's evidence is max ÷ sessions."""
    counted = f"kind IN {in_list(rule.counted)}"
    session = f"kind IN {in_list(rule.sessions)}"
    held_here = (
        f"sum(CASE WHEN {session} THEN quantity ELSE 0.0 END) OVER (PARTITION BY {_APPRAISEE})"
    )
    got = f"coalesce(sum(quantity) FILTER (WHERE {counted}), 0.0)"
    held = f"coalesce(sum(quantity) FILTER (WHERE {session}), 0.0)"
    if_none = rule.max if rule.if_none is None else rule.if_none
    what = "、".join(_kind_label(ind.source, k) for k in rule.counted)
    return CompiledRule(
        contribution=(
            f"(CASE WHEN {counted} THEN {lit(rule.max)} * quantity / nullif({held_here}, 0)"
            " ELSE 0.0 END)"
        ),
        aggregate=(
            f"{got} AS measure, "
            f"{lit(what + ' ')} || {_num(got)} || ' 次 / 共 ' || {_num(held)} || ' 次'"
            " AS measure_label, "
            f"CASE WHEN {held} > 0 THEN {lit(rule.max)} * {got} / {held} ELSE {lit(if_none)} END"
            " AS raw_points"
        ),
        empty=("0.0", "'无场次'", lit(if_none)),
        lower=0.0,
        upper=rule.max,
    )


_RANK_MEASURES = {
    "mean": ("avg(value)", "平均"),
    "sum": ("sum(value)", "合计"),
    "count": ("sum(quantity)", "计"),
}


def _rank_bands(ind: Indicator, rule: RankBands, ctx: RuleContext) -> CompiledRule:
    missing = rule.missing_points
    agg, word = _RANK_MEASURES[rule.measure]
    if rule.within is None:
        join, groups = "", ["a.rank_group"]
    else:
        join = f"JOIN {ctx.appraisee_table} t ON t.{ident(ctx.fact_key)} = g.appraisee_id"
        groups = [f"t.{ident(k)}" for k in rule.within]
    partition = ", ".join(["g.period_id", *groups])
    bands = " ".join(f"WHEN rnk / n <= {lit(s)} THEN {lit(p)}" for s, p in rule.bands)

    def grouped(matched: str) -> str:
        return f"""
        SELECT appraisee_id, period_id, measure,
               '{word} ' || {_num("measure")} || '，组内第 ' || rnk || ' / ' || n || ' 名'
                   AS measure_label,
               CASE {bands} ELSE {lit(rule.bands[-1][1])} END AS raw_points
        FROM (
            SELECT g.appraisee_id, g.period_id, g.measure,
                   rank() OVER (PARTITION BY {partition} ORDER BY g.measure DESC) AS rnk,
                   count(*) OVER (PARTITION BY {partition}) AS n
            FROM (
                SELECT appraisee_id, period_id, {agg} AS measure
                FROM {matched}
                GROUP BY appraisee_id, period_id
            ) g
            JOIN {ctx.appraisees} a USING (appraisee_id, period_id)
            {join}
            WHERE g.measure IS NOT NULL
        )"""

    return CompiledRule(
        contribution="NULL::DOUBLE",
        aggregate="",
        empty=("NULL::DOUBLE", "'无记录，未参加排名'", lit(missing)),
        lower=None,
        upper=None,
        grouped=grouped,
    )


_ROUND_MONTHS = {"month": 1, "quarter": 3, "half_year": 6}


def _rater_tiers(ind: Indicator, rule: RaterTiers, ctx: RuleContext) -> CompiledRule:
    """Σ over levels of the level's mean (abstentions ignored), or its maximum if unrated."""
    if rule.rounds is not None:
        return _rater_tiers_in_rounds(ind, rule, ctx)
    total = sum(rule.levels.values())
    levels = in_list(rule.levels)
    means, labels = [], []
    for kind, top in rule.levels.items():
        mean = f"avg(value) FILTER (WHERE kind = {lit(kind)})"
        cast = f"count(value) FILTER (WHERE kind = {lit(kind)})"
        means.append(f"coalesce({mean}, {lit(top)})")
        labels.append(
            f"{lit(_kind_label(ind.source, kind) + ' ')} || CASE WHEN {cast} = 0"
            f" THEN {lit(f'未评，按满分 {top:g}')}"
            f" ELSE {_num(mean)} || '（' || {cast} || ' 人）' END"
        )
    label = " || '；' || ".join(labels)
    return CompiledRule(
        # Each rating cast is its level's mean's 1/n: a level's records sum to its mean.
        contribution=(
            f"(CASE WHEN kind IN {levels} THEN value"
            f" / nullif(count(value) OVER (PARTITION BY {_APPRAISEE}, kind), 0) END)"
        ),
        aggregate=(
            f"count(value) FILTER (WHERE kind IN {levels}) AS measure, "
            f"{label} AS measure_label, "
            f"{' + '.join(means)} AS raw_points"
        ),
        empty=("0.0", "'未评，各层级按满分计'", lit(total)),
        lower=0.0,
        upper=total,
    )


def _rater_tiers_in_rounds(ind: Indicator, rule: RaterTiers, ctx: RuleContext) -> CompiledRule:
    """Each round (sub-period) scored as rater tiers; the period = the mean over its rounds,
    a round with no rating scoring full."""
    total = sum(rule.levels.values())
    levels = in_list(rule.levels)
    span = _ROUND_MONTHS[str(rule.rounds)]
    month = "(year(activity_date) * 12 + month(activity_date))"
    first = "(year(a.start_date) * 12 + month(a.start_date))"
    last = "(year(a.end_date) * 12 + month(a.end_date))"
    round_of = f"(({month} - {first}) // {span})"
    n_rounds = f"greatest(1, ({last} - {first} + {span}) // {span})"
    means = " + ".join(
        f"coalesce(avg(value) FILTER (WHERE kind = {lit(kind)}), {lit(top)})"
        for kind, top in rule.levels.items()
    )

    def grouped(matched: str) -> str:
        scores = "string_agg(printf('%g', round(round_points, 2)), '、' ORDER BY rnd)"
        return f"""
        SELECT appraisee_id, period_id, sum(cast_n) AS measure,
               '共 ' || n_rounds || ' 轮，各轮得分 ' || {scores}
                   || CASE WHEN count(*) < n_rounds
                      THEN '；' || (n_rounds - count(*)) || ' 轮未评，按满分 {total:g}'
                      ELSE '' END AS measure_label,
               (sum(round_points) + (n_rounds - count(*)) * {lit(total)}) / n_rounds
                   AS raw_points
        FROM (
            SELECT m.appraisee_id, m.period_id, {round_of} AS rnd, {n_rounds} AS n_rounds,
                   {means} AS round_points,
                   count(value) FILTER (WHERE kind IN {levels}) AS cast_n
            FROM {matched} m
            JOIN {ctx.appraisees} a USING (appraisee_id, period_id)
            GROUP BY ALL
        )
        GROUP BY appraisee_id, period_id, n_rounds"""

    per_level = f"PARTITION BY {_APPRAISEE}, {round_of}, kind"
    return CompiledRule(
        # A rating's share: its level's mean in its round ÷ the raters, ÷ the rounds.
        contribution=(
            f"(CASE WHEN kind IN {levels} THEN value"
            f" / nullif(count(value) OVER ({per_level}), 0) / {n_rounds} END)"
        ),
        aggregate="",
        empty=("0.0", "'未评，各层级按满分计'", lit(total)),
        lower=0.0,
        upper=total,
        grouped=grouped,
    )


def _mondays(start: str, end: str) -> str:
    """The number of Mondays in [start, end]."""
    offset = f"((8 - isodow({start})) % 7)"  # days from start to its first Monday
    days = f"date_diff('day', {start}, {end})"
    return f"(CASE WHEN {days} < {offset} THEN 0 ELSE ({days} - {offset}) // 7 + 1 END)"


def _reviewed_hierarchy(ind: Indicator, rule: ReviewedHierarchy, ctx: RuleContext) -> CompiledRule:
    """Highest level's score per week × goal; week = mean over goals; Σ weeks ÷ weeks due."""
    rank = case_map("level", {lv: i + 1 for i, lv in enumerate(rule.levels)}, default="NULL")
    week = "CAST(date_trunc('week', activity_date) AS DATE)"
    scored = f"kind = {lit(rule.score_kind)} AND value IS NOT NULL AND {rank} IS NOT NULL"
    excused = f"kind = {lit(rule.excused_kind)}"

    # Evidence: a final score's share of the period's points, computed with windows over the
    # appraisee's records (the same arithmetic as ``grouped``, written per record).
    in_period = f"{week} BETWEEN a.start_date AND a.end_date"
    valid = f"({scored} AND {in_period})"
    goal = f"PARTITION BY {_APPRAISEE}, {week}, coalesce(event_key, '')"
    top = f"max(CASE WHEN {valid} THEN {rank} END) OVER ({goal})"
    same = f"count(CASE WHEN {valid} THEN 1 END) OVER ({goal}, level)"
    goals = (
        f"count(DISTINCT CASE WHEN {valid} THEN coalesce(event_key, '') END)"
        f" OVER (PARTITION BY {_APPRAISEE}, {week})"
    )
    journal_weeks = (
        f"count(DISTINCT CASE WHEN {valid} THEN {week} END) OVER (PARTITION BY {_APPRAISEE})"
    )
    known_weeks = (
        f"count(DISTINCT CASE WHEN {in_period} AND ({valid} OR {excused}) THEN {week} END)"
        f" OVER (PARTITION BY {_APPRAISEE})"
    )
    weeks = lit(rule.weeks) if rule.weeks else _mondays("a.start_date", "a.end_date")
    due = f"({weeks} - {known_weeks} + {journal_weeks})"
    contribution = (
        f"(CASE WHEN {valid} AND {rank} = {top}"
        f" THEN value / {same} / {goals} / nullif({due}, 0) ELSE 0.0 END)"
    )

    def grouped(matched: str) -> str:
        return f"""
        SELECT appraisee_id, period_id, scored_weeks AS measure,
               '记分 ' || scored_weeks || ' 周 / 应计 ' || due || ' 周'
                   || CASE WHEN excused_only > 0 THEN '（免计 ' || excused_only || ' 周）'
                      ELSE '' END AS measure_label,
               CASE WHEN due > 0 THEN total / due ELSE {lit(rule.if_no_weeks)} END
                   AS raw_points
        FROM (
            SELECT a.appraisee_id, a.period_id,
                   count(w.score) AS scored_weeks,
                   coalesce(sum(w.score), 0.0) AS total,
                   count(*) FILTER (WHERE w.excused AND w.score IS NULL) AS excused_only,
                   {weeks} - count(*) FILTER (WHERE w.excused AND w.score IS NULL) AS due
            FROM (
                SELECT appraisee_id, period_id, week,
                       avg(final) AS score, bool_or(is_excuse) AS excused
                FROM (
                    SELECT appraisee_id, period_id, week, final, FALSE AS is_excuse
                    FROM (
                        SELECT appraisee_id, period_id, week, goal, avg(value) AS final,
                               rank() OVER (PARTITION BY appraisee_id, period_id, week, goal
                                            ORDER BY lvl DESC) AS top
                        FROM (
                            SELECT appraisee_id, period_id, value, {week} AS week,
                                   coalesce(event_key, '') AS goal, {rank} AS lvl
                            FROM {matched}
                            WHERE {scored}
                        )
                        GROUP BY appraisee_id, period_id, week, goal, lvl
                    )
                    WHERE top = 1
                    UNION ALL
                    SELECT appraisee_id, period_id, {week}, NULL, TRUE
                    FROM {matched}
                    WHERE {excused}
                )
                GROUP BY appraisee_id, period_id, week
            ) w
            JOIN {ctx.appraisees} a USING (appraisee_id, period_id)
            WHERE w.week BETWEEN a.start_date AND a.end_date
            GROUP BY a.appraisee_id, a.period_id, a.start_date, a.end_date
        )"""

    return CompiledRule(
        contribution=contribution,
        aggregate="",
        empty=("0.0", "'无周记'", "0.0"),
        lower=0.0,
        upper=rule.max,
        grouped=grouped,
    )


_Compiler = Callable[[Indicator, Any, RuleContext], CompiledRule]

_COMPILERS: dict[str, _Compiler] = {
    "per_item": _per_item,
    "deduct": _deduct,
    "direct": _direct,
    "rate_bands": _rate_bands,
    "mean_value": _mean_value,
    "dynamic_share": _dynamic_share,
    "rank_bands": _rank_bands,
    "rater_tiers": _rater_tiers,
    "reviewed_hierarchy": _reviewed_hierarchy,
}
"""Rule type tag → its compiler (every tag of ``rule_models.RULE_TYPES`` has one)."""


def compile_rule(ind: Indicator, ctx: RuleContext) -> CompiledRule:
    compiler = _COMPILERS.get(ind.rule.type)
    if compiler is None:
        raise TypeError(f"no SQL for rule {type(ind.rule).__name__}")
    return compiler(ind, ind.rule, ctx)

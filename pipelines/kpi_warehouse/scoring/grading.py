"""From indicator points to results: totals, vetoes, eligibility, grades, quotas, payouts.

One SQL query per spec over the spec's rows in the indicator-score relation. The steps, in
order (each a CTE):

1. ``totals``: the spec's score formula over the indicator points;
2. ``flags``: vetoes, not-graded, undetermined, forced grades, pay-as conditions;
3. ``banded``: a vetoed total becomes 0; the grade band of the total, never better than a
   veto's cap; not-graded and undetermined appraisees get no grade; a forced grade wins;
4. ``quota_<n>``: for each grade with a quota, from the top grade down, the lowest-scored
   overflow drops one grade (rule text on :class:`kpi_warehouse.specs.model.Quotas`);
5. the result: rank in group, grade name, a note saying why, and the payout.

[interp] Precedence: not graded (e.g. retired) > forced grade > undetermined > bands and
caps. A forced grade is a determination, so it overrides "grade not determined".
"""

from __future__ import annotations

from kpi_warehouse.scoring.compiler import Inputs, appraisees_cte
from kpi_warehouse.scoring.formula import formula_sql
from kpi_warehouse.scoring.sql import ident, in_list, lit
from kpi_warehouse.specs.model import (
    Condition,
    Eligibility,
    Quotas,
    QuotaSets,
    Spec,
    quota_sets,
)


def condition_sql(spec: Spec, cond: Condition, inputs: Inputs) -> str:
    """SQL boolean for one condition, evaluated on a row of ``totals`` (alias t)."""
    if spec.appraisee == "person":
        key, table = "person_id", inputs.people
    else:
        key, table = "org_unit_id", inputs.org_units
    if cond.source is not None:
        where = [
            f"f.{key} = t.appraisee_id",
            f"f.source = {lit(cond.source)}",
            "f.activity_date BETWEEN t.start_date AND t.end_date",
        ]
        if cond.kinds:
            where.append(f"f.kind IN {in_list(cond.kinds)}")
        if cond.levels:
            where.append(f"f.level IN {in_list(cond.levels)}")
        return (
            f"(SELECT coalesce(sum(f.quantity), 0) FROM {inputs.facts} f "
            f"WHERE {' AND '.join(where)}) >= {lit(cond.at_least)}"
        )
    if cond.attribute is not None:
        return (
            f"EXISTS (SELECT 1 FROM {table} x WHERE x.{key} = t.appraisee_id "
            f"AND x.{ident(cond.attribute)} IN {in_list(cond.values or [])})"
        )
    return (
        f"EXISTS (SELECT 1 FROM {table} x WHERE x.{key} = t.appraisee_id "
        f"AND x.hire_date > t.end_date - INTERVAL {int(cond.hired_within_days or 0)} DAY)"
    )


class CheckedConditions:
    """Each condition of a spec section evaluated once per row, as a boolean column c<n>.

    Vetoes, eligibility rules, pay-as rules and grade notes all read these columns, so a
    condition's correlated subquery over the facts runs once, however many uses it has.
    """

    def __init__(self, spec: Spec, inputs: Inputs, conditions: list[Condition]) -> None:
        self._column = {id(c): f"c{n}" for n, c in enumerate(conditions)}
        self._sql = [condition_sql(spec, c, inputs) for c in conditions]

    def cte(self, source: str) -> str:
        """``source`` (alias t) with one column per condition."""
        cols = "".join(f", ({sql}) AS c{n}" for n, sql in enumerate(self._sql))
        return f"SELECT t.*{cols} FROM {source} t"

    def col(self, cond: Condition) -> str:
        return self._column[id(cond)]

    def any(self, conds: list) -> str:
        return " OR ".join(self.col(c) for c in conds) or "FALSE"

    def worst(self, pairs: list[tuple[Condition, int]]) -> str:
        """The largest grade index among the conditions that hold (NULL when none)."""
        if not pairs:
            return "NULL::INTEGER"
        cases = ", ".join(f"CASE WHEN {self.col(c)} THEN {k} END" for c, k in pairs)
        return f"greatest({cases})" if len(pairs) > 1 else cases

    def first(self, pairs: list[tuple[Condition, int]]) -> str:
        """The grade index of the first condition that holds (NULL when none)."""
        out = "NULL::INTEGER"
        for cond, k in reversed(pairs):
            out = f"CASE WHEN {self.col(cond)} THEN {k} ELSE {out} END"
        return out

    def notes(self, labelled: list[tuple[Condition, str]]) -> list[str]:
        """SQL items: each label when its condition holds, else NULL."""
        return [f"CASE WHEN {self.col(c)} THEN {lit(text)} END" for c, text in labelled]


def eligibility_labels(vetoes: list, eligibility: Eligibility) -> list[tuple[Condition, str]]:
    """The Chinese reason a grade note gives for each veto and eligibility rule."""
    labelled: list[tuple[Condition, str]] = [(v, f"一票否决：{v.name}") for v in vetoes]
    labelled += [(c, f"不参加评定等次：{c.name}") for c in eligibility.not_graded]
    labelled += [(c, f"不确定等次：{c.name}") for c in eligibility.undetermined]
    labelled += [(f, f"定为{f.grade}：{f.name}") for f in eligibility.forced]
    return labelled


def note_list(items: list[str]) -> str:
    return f"list_filter([{', '.join(items)}]::VARCHAR[], x -> x IS NOT NULL)"


def _months(start: str, end: str) -> str:
    return f"(year({end}) * 12 + month({end}) - year({start}) * 12 - month({start}) + 1)"


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


def appraisals_sql(spec: Spec, scores: str, inputs: Inputs) -> str:
    names = spec.grade_names
    idx = {g: i for i, g in enumerate(names)}
    cols = ", ".join(
        f"max(points) FILTER (WHERE indicator_id = {lit(i.id)}) AS {ident('p_' + i.id)}"
        for i in spec.indicators
    )
    total = (
        formula_sql(spec.score, lambda name: ident("p_" + name))
        if spec.score
        else " + ".join(ident("p_" + i.id) for i in spec.indicators)
    )
    elig = spec.eligibility
    checked = CheckedConditions(
        spec,
        inputs,
        [*spec.vetoes, *elig.not_graded, *elig.undetermined, *elig.forced, *elig.pay_as],
    )
    zero = checked.any([v for v in spec.vetoes if v.zero_score])
    cap = checked.worst([(v, idx[v.grade_cap]) for v in spec.vetoes if v.grade_cap])
    forced = checked.worst([(f, idx[f.grade]) for f in elig.forced])
    labelled = eligibility_labels(spec.vetoes, elig)
    labelled += [(p, f"{p.grade}按{p.pay_as}发放：{p.name}") for p in elig.pay_as]
    bands = " ".join(f"WHEN total >= {lit(g.min)} THEN {n}" for n, g in enumerate(spec.grades[:-1]))
    band = f"CASE {bands} ELSE {len(names) - 1} END"
    ctes = [
        ("appraisees", appraisees_cte(spec, inputs)),
        (
            "wide",
            f"""
            SELECT appraisee_id, period_id, {cols} FROM {scores}
            WHERE spec_id = {lit(spec.spec_id)} AND spec_version = {lit(spec.version)}
            GROUP BY appraisee_id, period_id""",
        ),
        (
            "totals",
            f"""
            SELECT a.*, round({total}, 4) AS formula_total
            FROM appraisees a JOIN wide w USING (appraisee_id, period_id)""",
        ),
        ("checked", checked.cte("totals")),
        (
            "flags",
            f"""
            SELECT *,
                   ({zero}) AS veto_zero,
                   {cap} AS cap_idx,
                   {forced} AS forced_idx,
                   ({checked.any(elig.not_graded)}) AS not_graded,
                   ({checked.any(elig.undetermined)}) AS undetermined,
                   {note_list(checked.notes(labelled))} AS notes
            FROM checked""",
        ),
        (
            "banded",
            f"""
            SELECT *,
                   CASE WHEN not_graded THEN NULL
                        WHEN forced_idx IS NOT NULL THEN forced_idx
                        WHEN undetermined THEN NULL
                        ELSE greatest({band}, coalesce(cap_idx, 0)) END AS idx,
                   forced_idx IS NOT NULL AND NOT not_graded AS is_forced
            FROM (SELECT *, CASE WHEN veto_zero THEN 0.0 ELSE formula_total END AS total
                  FROM flags)""",
        ),
    ]
    quota, previous = quota_ctes(spec.quotas, names, "banded")
    ctes += quota
    paid = "grade"
    payout = "NULL::DOUBLE"
    if spec.payouts:
        amounts = spec.payouts.amounts
        for p in spec.eligibility.pay_as:
            paid = (
                f"CASE WHEN grade = {lit(p.grade)} AND {checked.col(p)} "
                f"THEN {lit(p.pay_as)} ELSE {paid} END"
            )
        by_grade = (
            "CASE paid_grade "
            + " ".join(f"WHEN {lit(g)} THEN {lit(a)}" for g, a in amounts.items())
            + " ELSE 0.0 END"
        )
        pro_rata = "0.0"
        if spec.payouts.not_graded_pro_rata:
            amount = lit(amounts.get(spec.payouts.not_graded_pro_rata, 0.0))
            served = _months("t.start_date", "coalesce(x.leave_date, t.end_date)")
            period_months = _months("t.start_date", "t.end_date")
            key = "person_id" if spec.appraisee == "person" else "org_unit_id"
            table = inputs.people if spec.appraisee == "person" else inputs.org_units
            pro_rata = (
                f"(SELECT {amount} * greatest(least({served}, {period_months}), 0) "
                f"/ {period_months} FROM {table} x WHERE x.{key} = t.appraisee_id)"
            )
        payout = f"CASE WHEN not_graded THEN {pro_rata} ELSE {by_grade} END"
    grade_name = (
        "CASE idx " + " ".join(f"WHEN {i} THEN {lit(g)}" for i, g in enumerate(names)) + " END"
    )
    ctes.append(
        (
            "paid",
            f"""
        SELECT t.*, {paid} AS paid_grade
        FROM (SELECT *, {grade_name} AS grade FROM {previous}) t""",
        )
    )
    with_sql = "WITH " + ",\n".join(f"{n} AS ({s})" for n, s in ctes)
    return f"""{with_sql}
        SELECT {lit(spec.spec_id)} AS spec_id, {lit(spec.version)} AS spec_version,
               {lit(spec.appraisee)} AS appraisee_type, appraisee_id, period_id, org_unit_id,
               category, total,
               rank() OVER (PARTITION BY period_id, rank_group ORDER BY total DESC)
                   AS rank_in_category,
               count(*) OVER (PARTITION BY period_id, rank_group) AS category_size,
               grade,
               nullif(array_to_string(notes, '；'), '') AS grade_note,
               CASE WHEN not_graded THEN 'not_graded' WHEN grade IS NULL THEN 'undetermined'
                    ELSE 'graded' END AS grade_status,
               {payout} AS payout
        FROM paid t"""

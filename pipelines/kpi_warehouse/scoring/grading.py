"""The one grading path: from each appraisee's total to the rows of ``fct_appraisal``.

A period (:mod:`kpi_warehouse.scoring.period_results`) and a roll-up
(:mod:`kpi_warehouse.scoring.rollup`) differ only in how they reach a total: each builds a
``totals`` relation and describes its grading as a :class:`Grading`. :func:`grading_sql`
then takes both through the same steps, each a CTE:

1. ``checked``: every condition (vetoes, eligibility, pay-as) evaluated once per row;
2. ``flags``: veto zero and cap, the forced grade, not graded, undetermined, the notes;
3. ``banded``: a vetoed total becomes 0; the grade band of the total; ``required_<k>``: a
   band whose requirement is not met drops one grade (a roll-up's ``requires``), from the
   top grade down;
4. ``graded``: the grade by precedence (below);
5. ``quota_<k>``: for each grade with a quota, from the top grade down, the lowest-scored
   overflow drops one grade (rule text on :class:`kpi_warehouse.specs.model.Quotas`);
6. the result: rank in group, grade name, a note saying why, status and payout.

[interp] Precedence: not graded (e.g. retired) > forced grade > undetermined > bands and
caps. A forced grade is a determination, so it overrides "grade not determined" and a veto's
cap. When several forced grades hold at once, the worst of them wins, whatever the order
they are listed in: a roll-up's ``rules`` ("two quarterly 不称职 → 不称职") are forced
grades like ``eligibility.forced``, and the worst of all that hold is the grade.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kpi_warehouse.scoring.compiler import Inputs
from kpi_warehouse.scoring.conditions import CheckedConditions, condition_labels
from kpi_warehouse.scoring.quotas import quota_ctes
from kpi_warehouse.scoring.sql import lit
from kpi_warehouse.specs.model import (
    Choice,
    Eligibility,
    Grade,
    Payouts,
    QuotaSets,
    Spec,
    Veto,
)


@dataclass(frozen=True)
class Forcing:
    """A forced grade that is not a condition on the facts (a roll-up's rule)."""

    holds: str  # SQL boolean over a ``totals`` row
    grade: str
    note: str


@dataclass(frozen=True)
class Requirement:
    """A band that needs more than its score: when ``short`` holds it drops one grade."""

    grade: str
    short: str  # SQL boolean over a ``totals`` row
    note: str


@dataclass(frozen=True)
class Chosen:
    """A grade chosen by a committee (a condition on an input record) for a candidate."""

    choice: Choice
    candidate: str  # SQL boolean over a ``totals`` row


@dataclass(frozen=True)
class Grading:
    """How a period's or a roll-up's totals become grades."""

    spec: Spec  # the spec graded: its id, and whether persons or org units are appraised
    grades: Sequence[Grade]  # the bands, from the highest grade down
    vetoes: Sequence[Veto]
    eligibility: Eligibility
    quotas: QuotaSets | None
    forcings: Sequence[Forcing] = field(default_factory=tuple)
    requirements: Sequence[Requirement] = field(default_factory=tuple)
    chosen: Sequence[Chosen] = field(default_factory=tuple)
    payouts: Payouts | None = None

    @property
    def names(self) -> list[str]:
        return [g.grade for g in self.grades]


def _note_list(items: list[str]) -> str:
    return f"list_filter([{', '.join(items)}]::VARCHAR[], x -> x IS NOT NULL)"


def _worst(pairs: list[tuple[str, int]]) -> str:
    """The largest grade index among the SQL booleans that hold (NULL when none holds)."""
    if not pairs:
        return "NULL::INTEGER"
    cases = ", ".join(f"CASE WHEN {holds} THEN {k} END" for holds, k in pairs)
    return f"greatest({cases})" if len(pairs) > 1 else cases  # greatest() skips NULLs


def _months(start: str, end: str) -> str:
    return f"(year({end}) * 12 + month({end}) - year({start}) * 12 - month({start}) + 1)"


def _flags_cte(g: Grading, checked: CheckedConditions) -> str:
    idx = {name: k for k, name in enumerate(g.names)}
    elig = g.eligibility
    forced = [(f.holds, idx[f.grade]) for f in g.forcings]
    forced += [(checked.col(f), idx[f.grade]) for f in elig.forced]
    caps = [(checked.col(v), idx[v.grade_cap]) for v in g.vetoes if v.grade_cap]
    notes = [f"CASE WHEN {f.holds} THEN {lit(f.note)} END" for f in g.forcings]
    notes += [
        f"CASE WHEN {checked.col(c)} THEN {lit(text)} END"
        for c, text in condition_labels(g.vetoes, elig)
    ]
    notes += [
        f"CASE WHEN {checked.col(ng)} AND {checked.col(c)} "
        f"THEN {lit(f'不发绩效奖金：{c.name}')} END"
        for ng in elig.not_graded
        for c in ng.no_payout_if
    ]
    return f"""
            SELECT *,
                   ({checked.any([v for v in g.vetoes if v.zero_score])}) AS veto_zero,
                   {_worst(caps)} AS cap_idx,
                   {_worst(forced)} AS forced_idx,
                   ({checked.any(elig.not_graded)}) AS not_graded,
                   ({checked.any(elig.undetermined)}) AS undetermined,
                   {_note_list(notes)} AS notes
            FROM checked"""


def _chosen_cte(g: Grading, checked: CheckedConditions, previous: str) -> tuple[str, str]:
    """A committee's choice sets the band of a candidate; a choice of anyone else is noted
    and not applied. The caps and quotas then apply as to any band."""
    names = g.names
    band, notes = "band_idx", []
    for c in reversed(g.chosen):  # the first listed wins
        applies = f"({checked.col(c.choice)} AND ({c.candidate}))"
        band = f"CASE WHEN {applies} THEN {names.index(c.choice.grade)} ELSE {band} END"
        notes += [
            f"CASE WHEN {applies} THEN {lit(f'评定为{c.choice.grade}：{c.choice.name}')} "
            f"WHEN {checked.col(c.choice)} THEN "
            f"{lit(f'{c.choice.name}未采纳：不是{c.choice.grade}的候选人')} END"
        ]
    return (
        "chosen",
        f"""
            SELECT * REPLACE ({band} AS band_idx,
                              list_concat(band_notes, {_note_list(notes)}) AS band_notes)
            FROM {previous}""",
    )


def _banded_ctes(g: Grading) -> tuple[list[tuple[str, str]], str]:
    names = g.names
    bands = " ".join(f"WHEN total >= {lit(b.min)} THEN {n}" for n, b in enumerate(g.grades[:-1]))
    ctes = [
        (
            "banded",
            f"""
            SELECT *, CASE {bands} ELSE {len(names) - 1} END AS band_idx,
                   []::VARCHAR[] AS band_notes
            FROM (SELECT *, CASE WHEN veto_zero THEN 0.0 ELSE raw_total END AS total
                  FROM flags)""",
        )
    ]
    previous = "banded"
    for req in sorted(g.requirements, key=lambda r: names.index(r.grade)):
        k = names.index(req.grade)
        name = f"required_{k}"
        ctes.append(
            (
                name,
                f"""
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN {k + 1} ELSE band_idx END AS band_idx,
                CASE WHEN drop THEN list_append(band_notes, {lit(req.note)})
                     ELSE band_notes END AS band_notes)
            FROM (SELECT *, coalesce(band_idx = {k} AND ({req.short}), FALSE) AS drop
                  FROM {previous})""",
            )
        )
        previous = name
    return ctes, previous


def _payout(g: Grading, checked: CheckedConditions, inputs: Inputs) -> tuple[str, str]:
    """SQL for the grade paid (``grade`` after pay-as rules) and the payout."""
    paid = "grade"
    if g.payouts is None:
        return paid, "NULL::DOUBLE"
    amounts = g.payouts.amounts
    for p in g.eligibility.pay_as:
        paid = (
            f"CASE WHEN grade = {lit(p.grade)} AND {checked.col(p)} "
            f"THEN {lit(p.pay_as)} ELSE {paid} END"
        )
    by_grade = (
        "CASE paid_grade "
        + " ".join(f"WHEN {lit(grade)} THEN {lit(a)}" for grade, a in amounts.items())
        + " ELSE 0.0 END"
    )
    pro_rata = "0.0"
    if g.payouts.not_graded_pro_rata:
        amount = lit(amounts.get(g.payouts.not_graded_pro_rata, 0.0))
        served = _months("t.start_date", "coalesce(x.leave_date, t.end_date)")
        period_months = _months("t.start_date", "t.end_date")
        person = g.spec.appraisee == "person"
        key = "person_id" if person else "org_unit_id"
        table = inputs.people if person else inputs.org_units
        pro_rata = (
            f"(SELECT {amount} * greatest(least({served}, {period_months}), 0) "
            f"/ {period_months} FROM {table} x WHERE x.{key} = t.appraisee_id)"
        )
    withheld = _withheld(g.eligibility, checked)
    return paid, (
        f"CASE WHEN not_graded AND ({withheld}) THEN 0.0 "
        f"WHEN not_graded THEN {pro_rata} ELSE {by_grade} END"
    )


def _withheld(elig: Eligibility, checked: CheckedConditions) -> str:
    """SQL boolean: a not-graded rule that holds has a ``no_payout_if`` that holds too."""
    held = [
        f"({checked.col(ng)} AND ({checked.any(ng.no_payout_if)}))"
        for ng in elig.not_graded
        if ng.no_payout_if
    ]
    return " OR ".join(held) or "FALSE"


def _consequences(g: Grading) -> str:
    """SQL ``REPLACE`` adding to the notes what the final grade entails (when the spec
    names consequences), else nothing."""
    notes = [
        f"WHEN {k} THEN [{lit('后果：' + '、'.join(grade.consequences))}]"
        for k, grade in enumerate(g.grades)
        if grade.consequences
    ]
    if not notes:
        return ""
    return (
        f" REPLACE (list_concat(t.notes, CASE t.idx {' '.join(notes)}"
        " ELSE []::VARCHAR[] END) AS notes)"
    )


def grading_sql(g: Grading, totals: list[tuple[str, str]], inputs: Inputs) -> str:
    """fct_appraisal rows from ``totals``: (name, sql) CTEs, the last one named ``totals``.

    ``totals`` has one row per appraisee and period with ``appraisee_id, period_id,
    org_unit_id, category, rank_group, start_date, end_date, spec_version`` and
    ``raw_total`` (the total before vetoes), and any columns its :class:`Forcing` and
    :class:`Requirement` conditions read. Conditions are tested over [start_date, end_date].
    """
    elig = g.eligibility
    checked = CheckedConditions(
        g.spec.appraisee,
        inputs,
        [
            *g.vetoes,
            *elig.not_graded,
            *(c for ng in elig.not_graded for c in ng.no_payout_if),
            *elig.undetermined,
            *elig.forced,
            *elig.pay_as,
            *(c.choice for c in g.chosen),
        ],
    )
    ctes = [*totals, ("checked", checked.cte("totals")), ("flags", _flags_cte(g, checked))]
    banded, previous = _banded_ctes(g)
    ctes += banded
    if g.chosen:
        ctes.append(_chosen_cte(g, checked, previous))
        previous = "chosen"
    ctes.append(
        (
            "graded",
            f"""
            SELECT * REPLACE (list_concat(band_notes, notes) AS notes),
                   CASE WHEN not_graded THEN NULL
                        WHEN forced_idx IS NOT NULL THEN forced_idx
                        WHEN undetermined THEN NULL
                        ELSE greatest(band_idx, coalesce(cap_idx, 0)) END AS idx,
                   forced_idx IS NOT NULL AND NOT not_graded AS is_forced
            FROM {previous}""",
        )
    )
    quotas, previous = quota_ctes(g.quotas, g.names, "graded")
    ctes += quotas
    paid, payout = _payout(g, checked, inputs)
    grade_name = (
        "CASE idx " + " ".join(f"WHEN {i} THEN {lit(n)}" for i, n in enumerate(g.names)) + " END"
    )
    ctes.append(
        (
            "paid",
            f"""
        SELECT t.*{_consequences(g)}, {paid} AS paid_grade
        FROM (SELECT *, {grade_name} AS grade FROM {previous}) t""",
        )
    )
    with_sql = "WITH " + ",\n".join(f"{n} AS ({s})" for n, s in ctes)
    return f"""{with_sql}
        SELECT {lit(g.spec.spec_id)} AS spec_id, spec_version,
               {lit(g.spec.appraisee)} AS appraisee_type, appraisee_id, period_id, org_unit_id,
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

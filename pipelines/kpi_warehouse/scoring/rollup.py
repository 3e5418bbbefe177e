"""Roll-ups: a longer period's results from a spec's sub-period results (annual from
quarterly), by the spec's ``rollup`` section (see :class:`kpi_warehouse.specs.model.Rollup`).

A roll-up is its sub-period totals plus its own conditions, graded along the same path as a
period (:func:`kpi_warehouse.scoring.grading.grading_sql`): the total is the mean of the
sub-period totals; ``requires`` are requirements on the bands; ``rules`` are forced grades,
which combine with ``eligibility.forced`` (the worst that holds wins).

[interp] The rolled-up total is the mean of the sub-period totals that exist (an appraisee
appraised in three quarters has the mean of three); sub-period results of every version of
the spec count; the version reported is the latest that applied.
"""

from __future__ import annotations

from kpi_warehouse.scoring.compiler import Inputs, appraisees_cte
from kpi_warehouse.scoring.grading import Chosen, Forcing, Grading, Requirement, grading_sql
from kpi_warehouse.scoring.sql import ident, lit
from kpi_warehouse.specs.model import Rollup, Spec


def _count(grade: str) -> str:
    """The column counting an appraisee's sub-period results of ``grade``."""
    return ident(f"n_{grade}")


def rollup_grading(spec: Spec, rollup: Rollup) -> Grading:
    """The roll-up's grading: its bands, requirements, rules, vetoes, eligibility, quotas."""
    return Grading(
        spec=spec,
        grades=rollup.grades,
        vetoes=rollup.vetoes,
        eligibility=rollup.eligibility,
        quotas=rollup.quotas,
        forcings=[
            Forcing(
                holds=f"{_count(r.when.grade)} >= {r.when.at_least}",
                grade=r.grade,
                note=f"{r.when.grade}{r.when.at_least}次及以上：{r.grade}",
            )
            for r in rollup.rules
        ],
        requirements=[
            Requirement(
                grade=grade,
                short=f"{_count(need.grade)} < {need.at_least}",
                note=f"{need.grade}少于{need.at_least}次，不能评为{grade}",
            )
            for grade, need in rollup.requires.items()
        ],
        chosen=[
            Chosen(
                choice=c,
                candidate=(
                    f"{_count(c.candidates.grade)} >= {c.candidates.at_least}"
                    if c.candidates
                    else "TRUE"
                ),
            )
            for c in rollup.chosen
        ],
    )


def rollup_sql(spec: Spec, appraisals: str, inputs: Inputs) -> str | None:
    """fct_appraisal rows of the roll-up period from the sub-period rows in ``appraisals``,
    or None when the spec has no roll-up."""
    rollup = spec.rollup
    if rollup is None:
        return None
    counted = sorted(
        {c.grade for c in rollup.requires.values()}
        | {r.when.grade for r in rollup.rules}
        | {c.candidates.grade for c in rollup.chosen if c.candidates}
    )
    counts = "".join(
        f", count(*) FILTER (WHERE s.grade = {lit(g)}) AS {_count(g)}" for g in counted
    )
    # The mean of the sub-period totals, summed exactly (DECIMAL): a sum of doubles depends
    # on the order the rows arrive in, and a mean that ends in 5 at the 5th decimal would
    # round either way from one build to the next.
    totals = [
        ("appraisees", appraisees_cte(spec.model_copy(update={"period": rollup.period}), inputs)),
        (
            "totals",
            f"""
            SELECT a.*, max(s.spec_version) AS spec_version,
                   round(sum(s.total::DECIMAL(18, 6)) / count(s.total), 4) AS raw_total{counts}
            FROM appraisees a
            JOIN {appraisals} s ON s.appraisee_id = a.appraisee_id
                AND s.spec_id = {lit(spec.spec_id)}
            JOIN {inputs.periods} p ON p.period_id = s.period_id
                AND p.period_type = {lit(spec.period)}
                AND p.start_date >= a.start_date AND p.end_date <= a.end_date
            GROUP BY ALL""",
        ),
    ]
    graded = grading_sql(rollup_grading(spec, rollup), totals, inputs)
    return _with_consecutive(graded, rollup, inputs) if rollup.consecutive else graded


def _with_consecutive(graded: str, rollup: Rollup, inputs: Inputs) -> str:
    """Add each ``consecutive`` consequence to the grade note of the last of ``times``
    consecutive roll-up periods with that grade (the periods must meet end to start)."""
    window = "OVER (PARTITION BY appraisee_id ORDER BY start_date)"
    notes = []
    for c in rollup.consecutive:
        tests = [f"grade = {lit(c.grade)}"]
        for i in range(1, c.times):
            tests.append(f"lag(grade, {i}) {window} = {lit(c.grade)}")
            later = "start_date" if i == 1 else f"lag(start_date, {i - 1}) {window}"
            tests.append(f"lag(end_date, {i}) {window} = {later} - INTERVAL 1 DAY")
        note = lit(f"连续{c.times}次{c.grade}：{c.consequence}")
        notes.append(f"CASE WHEN {' AND '.join(tests)} THEN {note} END")
    return f"""
        SELECT * EXCLUDE (start_date, end_date) REPLACE (
            nullif(concat_ws('；', grade_note, {", ".join(notes)}), '') AS grade_note)
        FROM (SELECT r.*, p.start_date, p.end_date
              FROM ({graded}) r JOIN {inputs.periods} p USING (period_id))"""

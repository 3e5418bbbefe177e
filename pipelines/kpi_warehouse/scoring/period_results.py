"""A period's results: the spec's score formula over the indicator points, graded.

The total of each appraisee is the spec's ``score`` formula (by default the sum of the
indicators' points) over the spec's rows in the indicator-score relation; the spec's own
bands, vetoes, eligibility rules, quotas and payouts then grade it along the one grading
path, :func:`kpi_warehouse.scoring.grading.grading_sql`.
"""

from __future__ import annotations

from kpi_warehouse.scoring.compiler import Inputs, appraisees_cte
from kpi_warehouse.scoring.formula import formula_sql
from kpi_warehouse.scoring.grading import Grading, grading_sql
from kpi_warehouse.scoring.sql import ident, lit
from kpi_warehouse.specs.model import Spec


def period_grading(spec: Spec) -> Grading:
    """The spec's own grading, for its own period."""
    return Grading(
        spec=spec,
        grades=spec.grades,
        vetoes=spec.vetoes,
        eligibility=spec.eligibility,
        quotas=spec.quotas,
        payouts=spec.payouts,
    )


def appraisals_sql(spec: Spec, scores: str, inputs: Inputs) -> str:
    """fct_appraisal rows of the spec's period, from the indicator-score relation ``scores``."""
    cols = ", ".join(
        f"max(points) FILTER (WHERE indicator_id = {lit(i.id)}) AS {ident('p_' + i.id)}"
        for i in spec.indicators
    )
    total = (
        formula_sql(spec.score, lambda name: ident("p_" + name))
        if spec.score
        else " + ".join(ident("p_" + i.id) for i in spec.indicators)
    )
    totals = [
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
            SELECT a.*, {lit(spec.version)} AS spec_version, round({total}, 4) AS raw_total
            FROM appraisees a JOIN wide w USING (appraisee_id, period_id)""",
        ),
    ]
    return grading_sql(period_grading(spec), totals, inputs)

"""Compile a spec into DuckDB SQL over three input relations.

Inputs (names passed in by the caller):

- ``facts``: conformed activity facts (``activity_id, source, kind, person_id, org_unit_id,
  activity_date, level, quantity, value, event_key, is_collective, share``);
- ``appraisees``: people (``person_id, org_unit_id, category`` and the attributes in
  :data:`kpi_warehouse.specs.catalog.PERSON_ATTRIBUTES`) or org units;
- ``periods``: ``period_id, period_type, start_date, end_date``.

Outputs: :func:`indicator_scores_sql` and :func:`evidence_sql`; the results (totals and
grades) are compiled from the indicator scores by :mod:`kpi_warehouse.scoring.period_results`
and :mod:`kpi_warehouse.scoring.rollup`, through :mod:`kpi_warehouse.scoring.grading`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_warehouse.scoring.rules import CompiledRule, RuleContext, compile_rule
from kpi_warehouse.scoring.sql import ident, in_list, lit
from kpi_warehouse.specs.model import Indicator, Spec


@dataclass(frozen=True)
class Inputs:
    facts: str = "facts"
    people: str = "people"
    org_units: str = "org_units"
    periods: str = "periods"


DEFAULT_INPUTS = Inputs()


def appraisees_cte(spec: Spec, inputs: Inputs) -> str:
    """Who is appraised in which period under this version of the spec."""
    if spec.appraisee == "person":
        source, key, category = inputs.people, "person_id", "category"
    else:
        source, key, category = inputs.org_units, "org_unit_id", "NULL::VARCHAR"
    where = [
        f"per.period_type = {lit(spec.period)}",
        f"per.end_date >= DATE {lit(spec.effective_from.isoformat())}",
    ]
    if spec.effective_to is not None:
        where.append(f"per.end_date <= DATE {lit(spec.effective_to.isoformat())}")
    where += [f"a.{ident(k)} IN {in_list(v)}" for k, v in spec.population.items()]
    if spec.categories and spec.appraisee == "person":
        where.append(f"a.category IN {in_list(spec.categories)}")
    groups = ", ".join(f"a.{ident(k)}" for k in spec.rank_within) or "NULL"
    return f"""
        SELECT a.{key} AS appraisee_id, a.org_unit_id, {category} AS category,
               ({groups})::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM {source} a CROSS JOIN {inputs.periods} per
        WHERE {" AND ".join(where)}"""


def _kinds(ind: Indicator) -> list[str] | None:
    """The fact kinds an indicator reads: as listed, else those its rule names, else all."""
    return ind.kinds or ind.rule.kinds_read()


def _matched_cte(spec: Spec, ind: Indicator, compiled: CompiledRule, inputs: Inputs) -> str:
    """The indicator's facts of each appraisee and period, each with its contribution."""
    fact_key = "person_id" if spec.appraisee == "person" else "org_unit_id"
    selected = _kinds(ind)
    kinds = f" AND f.kind IN {in_list(selected)}" if selected else ""
    return f"""
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               {compiled.contribution} AS contribution
        FROM appraisees a
        JOIN {inputs.facts} f
          ON f.{fact_key} = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = {lit(ind.source)}{kinds}"""


def _bounded(raw: str, compiled: CompiledRule) -> str:
    out = raw
    if compiled.lower is not None:
        out = f"greatest({out}, {lit(compiled.lower)})"
    if compiled.upper is not None:
        out = f"least({out}, {lit(compiled.upper)})"
    return out


def _indicator_ctes(spec: Spec, inputs: Inputs) -> list[tuple[str, str]]:
    """(name, sql) of the CTEs: appraisees, then m_<id> (matched) and s_<id> (scored)."""
    ctes = [("appraisees", appraisees_cte(spec, inputs))]
    person = spec.appraisee == "person"
    ctx = RuleContext(
        facts=inputs.facts,
        fact_key="person_id" if person else "org_unit_id",
        appraisee_table=inputs.people if person else inputs.org_units,
    )
    for ind in spec.indicators:
        compiled = compile_rule(ind, ctx)
        matched = f"m_{ind.id}"
        ctes.append((matched, _matched_cte(spec, ind, compiled, inputs)))
        if compiled.grouped is not None:
            agg = compiled.grouped(matched)
        else:
            agg = (
                f"SELECT appraisee_id, period_id, {compiled.aggregate} "
                f"FROM {matched} GROUP BY appraisee_id, period_id"
            )
        measure, label, raw = compiled.empty
        raw_col = f"coalesce(g.raw_points, {raw})"
        points, max_points = _bounded(raw_col, compiled), lit(ind.rule.max_points)
        if compiled.upper_sql is not None:  # a cap that depends on the appraisee
            points, max_points = f"least({points}, {compiled.upper_sql})", compiled.upper_sql
        ctes.append(
            (
                f"s_{ind.id}",
                f"""
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN {measure} ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN {label} ELSE g.measure_label END
                       AS measure_label,
                   {raw_col} AS raw_points,
                   {points} AS points,
                   ({max_points})::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN ({agg}) g USING (appraisee_id, period_id)""",
            )
        )
    return ctes


def _with(ctes: list[tuple[str, str]]) -> str:
    return "WITH " + ",\n".join(f"{name} AS ({sql})" for name, sql in ctes)


def indicator_scores_sql(spec: Spec, inputs: Inputs = DEFAULT_INPUTS) -> str:
    """One row per appraisee × period × indicator (the grain of fct_indicator_score)."""
    parts = []
    for order, ind in enumerate(spec.indicators, start=1):
        parts.append(f"""
            SELECT {lit(spec.spec_id)} AS spec_id, {lit(spec.version)} AS spec_version,
                   {lit(spec.appraisee)} AS appraisee_type, appraisee_id, period_id,
                   {lit(ind.id)} AS indicator_id, {lit(ind.name)} AS indicator_name,
                   {lit(ind.clause)} AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, {order} AS sort_order
            FROM s_{ind.id}""")
    body = "\nUNION ALL\n".join(parts)
    # indicator_score_id = spec|appraisee|period|indicator, here and in evidence_sql. The spec
    # id comes first: a spec-only rebuild finds a spec's evidence rows by it
    # (dbt_project/macros/rescore_specs.sql, spec_of_score).
    return f"""{_with(_indicator_ctes(spec, inputs))}
        SELECT spec_id || '|' || appraisee_id || '|' || period_id || '|' || indicator_id
                   AS indicator_score_id, *
        FROM ({body})"""


def evidence_sql(spec: Spec, inputs: Inputs = DEFAULT_INPUTS) -> str:
    """Every fact behind every indicator score, with its contribution (fct_evidence)."""
    parts = [
        f"SELECT appraisee_id, period_id, {lit(ind.id)} AS indicator_id, activity_id, "
        f"contribution::DOUBLE AS points FROM m_{ind.id}"
        for ind in spec.indicators
    ]
    ctes = [(n, s) for n, s in _indicator_ctes(spec, inputs) if not n.startswith("s_")]
    return f"""{_with(ctes)}
        SELECT {lit(spec.spec_id)} || '|' || appraisee_id || '|' || period_id || '|'
                   || indicator_id AS indicator_score_id, activity_id, points
        FROM ({" UNION ALL ".join(parts)})"""


def bind_inputs(facts: object, people: object, org_units: object, periods: object) -> Inputs:
    """Name the four input relations (DuckDB relations, e.g. from ``dbt.ref``) as views.

    dbt Python models call this with ``dbt.ref(...)`` written out literally, so that dbt
    sees the dependencies.
    """
    inputs = Inputs(
        facts="kpi_facts", people="kpi_people", org_units="kpi_org_units", periods="kpi_periods"
    )
    for relation, name in (
        (facts, inputs.facts),
        (people, inputs.people),
        (org_units, inputs.org_units),
        (periods, inputs.periods),
    ):
        relation.create_view(name, replace=True)  # type: ignore[attr-defined]
    return inputs

"""Indicator scores: appraisee × indicator × period, computed by the scoring library."""

from kpi_warehouse.scoring import engine
from kpi_warehouse.scoring.compiler import bind_inputs
from kpi_warehouse.specs.repository import current_specs


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = bind_inputs(
        facts=dbt.ref("fct_activity"),
        people=dbt.ref("dim_person"),
        org_units=dbt.ref("dim_org_unit"),
        periods=dbt.ref("dim_period"),
    )
    scores = engine.indicator_scores(session, current_specs(), inputs)
    return scores.order("appraisee_id, period_id, spec_id, sort_order")

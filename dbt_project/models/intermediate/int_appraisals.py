"""Appraisal results: total, rank in category and grade per appraisee and period."""

from kpi_warehouse.extract.specs import scored_specs
from kpi_warehouse.scoring import engine
from kpi_warehouse.scoring.compiler import bind_inputs


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = bind_inputs(
        facts=dbt.ref("fct_activity"),
        people=dbt.ref("dim_person"),
        org_units=dbt.ref("dim_org_unit"),
        periods=dbt.ref("dim_period"),
    )
    dbt.ref("fct_indicator_score").create_view("kpi_scores", replace=True)
    specs = scored_specs(dbt.source("specs", "spec_versions"))
    return engine.appraisals(session, specs, "kpi_scores", inputs).order(
        "period_id, spec_id, appraisee_id"
    )

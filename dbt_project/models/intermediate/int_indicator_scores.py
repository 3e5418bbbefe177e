"""Indicator scores: appraisee × indicator × period, computed by the scoring library.
Incremental by spec: a spec-only rebuild recomputes the changed specs' rows only
(kpi_warehouse.spec_rebuild)."""

from kpi_warehouse.extract.specs import scored_specs
from kpi_warehouse.scoring import engine
from kpi_warehouse.scoring.compiler import bind_inputs
from kpi_warehouse.spec_rebuild import rescored


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="rescore_specs",
        spec_key="spec_id",
        on_schema_change="fail",
    )
    inputs = bind_inputs(
        facts=dbt.ref("fct_activity"),
        people=dbt.ref("dim_person"),
        org_units=dbt.ref("dim_org_unit"),
        periods=dbt.ref("dim_period"),
    )
    specs = scored_specs(dbt.source("specs", "spec_versions"))
    if dbt.is_incremental:
        specs = rescored(session, specs)
    scores = engine.indicator_scores(session, specs, inputs)
    return scores.order("appraisee_id, period_id, spec_id, sort_order")

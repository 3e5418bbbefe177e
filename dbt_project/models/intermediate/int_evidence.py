"""The fct_activity rows behind each indicator score, with each row's contribution.
Incremental by spec, as int_indicator_scores."""

from kpi_warehouse.extract.specs import scored_specs
from kpi_warehouse.scoring import engine
from kpi_warehouse.scoring.compiler import bind_inputs
from kpi_warehouse.spec_rebuild import rescored


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="rescore_specs",
        score_key="indicator_score_id",
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
    return engine.evidence(session, specs, inputs).order("indicator_score_id, activity_id")

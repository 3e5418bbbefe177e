"""Warnings about the specs against the data (a population that selects nobody, people no
spec covers, an indicator with no facts in the last period that has ended), computed by
kpi_warehouse.specs.build_findings; published in fct_data_quality."""

from kpi_warehouse.extract.specs import scored_specs
from kpi_warehouse.scoring.compiler import Inputs
from kpi_warehouse.specs.build_findings import findings_relation, spec_findings


def model(dbt, session):
    dbt.config(materialized="table")
    dbt.ref("dim_person").create_view("kpi_findings_people", replace=True)
    dbt.ref("dim_org_unit").create_view("kpi_findings_org_units", replace=True)
    dbt.ref("dim_period").create_view("kpi_findings_periods", replace=True)
    dbt.ref("fct_activity").create_view("kpi_findings_facts", replace=True)
    inputs = Inputs(
        facts="kpi_findings_facts",
        people="kpi_findings_people",
        org_units="kpi_findings_org_units",
        periods="kpi_findings_periods",
    )
    specs = scored_specs(dbt.source("specs", "spec_versions"))
    return findings_relation(session, spec_findings(session, specs, inputs))

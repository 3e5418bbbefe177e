"""The indicators of every spec version, with the clause each quantifies."""

import pandas as pd

from kpi_warehouse.extract.specs import scored_specs
from kpi_warehouse.specs.repository import indicator_rows


def model(dbt, session):
    dbt.config(materialized="table")
    specs = scored_specs(dbt.source("specs", "spec_versions"))
    return pd.DataFrame(indicator_rows(specs))

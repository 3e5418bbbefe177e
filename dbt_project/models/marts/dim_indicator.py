"""The indicators of every spec version, with the clause each quantifies."""

import pandas as pd

from kpi_warehouse.specs.repository import current_specs, indicator_rows


def model(dbt, session):
    dbt.config(materialized="table")
    return pd.DataFrame(indicator_rows(current_specs()))

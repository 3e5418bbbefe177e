"""Every (source, kind) a spec may name, with its Chinese label, from the spec catalogue."""

import pandas as pd

from kpi_warehouse.specs.catalog import SOURCES


def model(dbt, session):
    dbt.config(materialized="table")
    rows = [
        {"source": source, "kind": kind, "kind_label": label}
        for source, kinds in SOURCES.items()
        for kind, label in kinds.items()
    ]
    return pd.DataFrame(rows)

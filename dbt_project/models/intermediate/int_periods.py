"""Every month, quarter, half-year and year that the activity facts touch."""

import pandas as pd

from kpi_warehouse.scoring.periods import periods_covering


def model(dbt, session):
    dbt.config(materialized="table")
    first, last = (
        dbt.ref("int_activity_facts").aggregate("min(activity_date), max(activity_date)").fetchone()
    )
    rows = [
        {
            "period_id": p.period_id,
            "period_type": p.period_type,
            "year": p.year,
            "quarter": p.index if p.period_type == "quarter" else None,
            "start_date": p.start_date,
            "end_date": p.end_date,
            "label_zh": p.label_zh,
            "label_en": p.label_en,
        }
        for p in periods_covering(first, last)
    ]
    return pd.DataFrame(rows).astype({"quarter": "Int64"})

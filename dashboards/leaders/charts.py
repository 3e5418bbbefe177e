"""Altair charts of the leaders' pages: trends over quarters."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboards.i18n import t


def trend_chart(frame: pd.DataFrame, series_title: str) -> alt.Chart:
    """Lines with points: ``period`` (label, in order) on x, ``value`` on y, one line per
    ``series``."""
    order = list(dict.fromkeys(frame["period"]))
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:N", sort=order, title=t("lead.chart.period")),
            y=alt.Y("value:Q", title=t("lead.chart.mean_total"), scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", title=series_title, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("period:N", title=t("lead.chart.period")),
                alt.Tooltip("value:Q", title=t("lead.chart.mean_total"), format=".2f"),
            ],
        )
        .properties(height=280)
    )

"""Altair charts for the overview page."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboards.i18n import grade_label, t
from dashboards.summaries import GRADE_ORDER

# Grade colours from best to worst (优秀 良好 称职 基本称职 不称职), then "undetermined" in grey.
GRADE_COLOURS = ("#2e7d32", "#81c784", "#ffb74d", "#fb8c00", "#e53935", "#9e9e9e")
BIN_STEP = 5
DEPARTMENT_SELECTION = "department"  # name of the click selection on the grade chart


def score_histogram(totals: pd.Series) -> alt.Chart:
    """Histogram of appraisal totals in bins of BIN_STEP points."""
    frame = pd.DataFrame({"total": pd.to_numeric(totals, errors="coerce")}).dropna()
    return (
        alt.Chart(frame)
        .mark_bar(color="#1f77b4")
        .encode(
            x=alt.X("total:Q", bin=alt.Bin(step=BIN_STEP), title=t("chart.total")),
            y=alt.Y("count():Q", title=t("chart.count"), axis=alt.Axis(tickMinStep=1)),
            tooltip=[alt.Tooltip("count():Q", title=t("chart.count"))],
        )
        .properties(height=280)
    )


def grade_counts_chart(
    counts: pd.DataFrame,
    key: str = "org_unit_id",
    label: str = "department",
    title: str | None = None,
) -> alt.Chart:
    """Stacked horizontal bars: one per department (or procuratorate: ``key`` and ``label``
    name its columns, ``title`` what a bar is, in the tooltip), segments per grade; a click
    selects the bar's ``key``.

    ``counts`` has columns ``key``, ``label``, grade (raw, NULL = undetermined), n.
    """
    title = t("col.department") if title is None else title
    frame = counts.copy()
    frame["grade_label"] = [grade_label(g) for g in frame["grade"]]
    frame["grade_order"] = [
        GRADE_ORDER.index(g) if g in GRADE_ORDER else len(GRADE_ORDER) for g in frame["grade"]
    ]
    domain = [grade_label(g) for g in GRADE_ORDER] + [grade_label(None)]
    height = max(150, 60 + 34 * frame[label].nunique())  # bars plus the x axis
    return (
        alt.Chart(frame)
        .mark_bar(cursor="pointer")
        .add_params(alt.selection_point(name=DEPARTMENT_SELECTION, fields=[key]))
        .encode(
            y=alt.Y(f"{label}:N", title=None, sort=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("n:Q", stack="zero", title=t("chart.count"), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "grade_label:N",
                title=t("col.grade"),
                scale=alt.Scale(domain=domain, range=list(GRADE_COLOURS)),
                legend=alt.Legend(orient="right", title=None),
            ),
            order=alt.Order("grade_order:Q"),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=title),
                alt.Tooltip("grade_label:N", title=t("col.grade")),
                alt.Tooltip("n:Q", title=t("chart.count")),
            ],
        )
        .properties(height=height)
    )


def selected_org_unit(event: object) -> str | None:
    """The org unit clicked in the grade chart, from st.altair_chart's selection event."""
    return selected(event, "org_unit_id")


def selected(event: object, key: str) -> str | None:
    """The ``key`` of the bar clicked in the grade chart (st.altair_chart's event)."""
    if isinstance(event, Mapping):
        selection = event.get("selection") or {}
    else:
        selection = getattr(event, "selection", None) or {}
    points = selection.get(DEPARTMENT_SELECTION) or []
    for point in points:
        if isinstance(point, dict) and point.get(key):
            return str(point[key])
    return None

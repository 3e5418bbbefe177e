"""Altair charts of the performance-mining page: one plot per question, read at a glance."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboards.i18n import t

UP, DOWN, LEVEL = "#2e7d32", "#e53935", "#9e9e9e"
BAR = "#1f77b4"
HIGHLIGHT = "#ef6c00"
# The systems of record, each in its own colour (named in the tooltip and the table).
SYSTEM_COLOURS = {"case": "#1565c0", "office": "#ef6c00", "app": "#2e7d32"}


def _height(rows: int) -> int:
    return max(140, 50 + 28 * rows)


def driver_bars(frame: pd.DataFrame) -> alt.Chart:
    """One bar per indicator of a department: its driver score, the top one highlighted.

    ``frame``: indicator_name, score (the driver score, 0 where it is not a number) and
    position (1 = the largest)."""
    data = frame.assign(top=(frame["position"] == 1) & (frame["score"] > 0))[
        ["indicator_name", "score", "top"]
    ]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("indicator_name:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("score:Q", title=t("mining.col.driver_score")),
            color=alt.condition("datum.top", alt.value(HIGHLIGHT), alt.value(BAR)),
            tooltip=[
                alt.Tooltip("indicator_name:N", title=t("mining.col.indicator")),
                alt.Tooltip("score:Q", title=t("mining.col.driver_score"), format=".3f"),
            ],
        )
        .properties(height=_height(len(data)))
    )


def leniency_bars(frame: pd.DataFrame) -> alt.Chart:
    """Leniency spread per procuratorate, one bar per rater level (published groups only).

    ``frame``: procuratorate_name, level_label, leniency_spread, raters."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("procuratorate_name:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("level_label:N"),
            x=alt.X("leniency_spread:Q", title=t("mining.col.leniency_spread")),
            color=alt.Color(
                "level_label:N", title=None, legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                alt.Tooltip("procuratorate_name:N", title=t("mining.col.procuratorate")),
                alt.Tooltip("level_label:N", title=t("mining.col.rater_level")),
                alt.Tooltip("raters:Q", title=t("mining.col.raters")),
                alt.Tooltip("leniency_spread:Q", title=t("mining.col.leniency_spread"),
                            format=".2f"),
            ],
        )
        .properties(height=_height(2 * frame["procuratorate_name"].nunique()))
    )  # fmt: skip


def movement_bars(frame: pd.DataFrame) -> alt.Chart:
    """Diverging bars: each sharply moved person's change of total, up green, down red.

    ``frame``: label, total_change, direction."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("total_change:Q", title=t("mining.movement.chart")),
            color=alt.Color(
                "direction:N",
                scale=alt.Scale(domain=["up", "down", "level"], range=[UP, DOWN, LEVEL]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("mining.col.person")),
                alt.Tooltip("total_change:Q", title=t("mining.col.total_change"), format="+.2f"),
            ],
        )
        .properties(height=_height(len(frame)))
    )


def coverage_bars(frame: pd.DataFrame) -> alt.Chart:
    """Coverage per indicator (0–100 %), coloured by the system of record.

    ``frame``: label, coverage_pct, system_label (``mining.source_system.*``)."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "coverage_pct:Q",
                title=t("mining.col.coverage") + " (%)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color(
                "system_label:N",
                title=None,
                scale=alt.Scale(
                    domain=[t(f"mining.source_system.{k}") for k in SYSTEM_COLOURS],
                    range=list(SYSTEM_COLOURS.values()),
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("mining.col.indicator")),
                alt.Tooltip("system_label:N", title=t("mining.col.source_system")),
                alt.Tooltip("coverage_pct:Q", title=t("mining.col.coverage"), format=".1f"),
            ],
        )
        .properties(height=_height(len(frame)))
    )

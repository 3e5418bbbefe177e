"""The indicator breakdown table (person page and department appraisal)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboards import nav
from dashboards.components import Column, Row, fmt_points, link_table, text_cell
from dashboards.i18n import is_missing, t


def points_text(row: Row) -> str:
    return f"{fmt_points(row['points'])} / {fmt_points(row['max_points'])}"


def cap_text(row: Row) -> str:
    capped = not is_missing(row["cap_applied"]) and bool(row["cap_applied"])
    return t("person.cap_applied", raw=fmt_points(row["raw_points"])) if capped else ""


def indicator_table(scores: pd.DataFrame, params: Mapping[str, str | None]) -> None:
    """One row per indicator; the indicator name links to its evidence page."""
    if scores.empty:
        st.info(t("person.no_indicators"))
        return

    def indicator_link(row: Row) -> None:
        link_params = {**params, nav.INDICATOR_SCORE: row["indicator_score_id"]}
        nav.page_link(nav.EVIDENCE_PAGE, str(row["indicator_name"]), link_params)

    columns = [
        Column(t("col.indicator"), 2.2, indicator_link),
        Column(t("col.clause"), 4, text_cell(lambda r: r["clause"])),
        Column(t("col.measure"), 2.2, text_cell(lambda r: r["measure_label"])),
        Column(t("col.points"), 1.1, text_cell(points_text)),
        Column(t("col.cap"), 1.4, text_cell(cap_text)),
        Column(
            t("col.evidence"),
            0.9,
            text_cell(lambda r: t("person.evidence_count", n=int(r["evidence_count"]))),
        ),
    ]
    link_table(columns, scores.to_dict("records"))

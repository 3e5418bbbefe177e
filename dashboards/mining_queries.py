"""Queries of the performance-mining page, through the scope layer (cached per snapshot and
account, like ``queries``). Each reads one mining mart for a period, with the names of the
departments, procuratorates and people the account may see; ``procuratorate_id`` None
means every procuratorate in scope."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.snapshot import Snapshot, fetch_df

_cached = st.cache_data(ttl=600, show_spinner=False)


@_cached
def drivers(snap: Snapshot, period_id: str, procuratorate_id: str | None) -> pd.DataFrame:
    """fct_indicator_driver rows of the period, with the department's names."""
    sql = """
        SELECT d.*, o.org_unit_name, o.procuratorate_id, o.procuratorate_name,
               o.procuratorate_level
        FROM fct_indicator_driver d
        JOIN dim_org_unit o USING (org_unit_id)
        WHERE d.period_id = ? AND (? IS NULL OR o.procuratorate_id = ?)
        ORDER BY CASE o.procuratorate_level WHEN 'city' THEN 0 ELSE 1 END,
                 o.procuratorate_name, o.org_unit_name, d.org_unit_id, d.spec_id, d.driver_rank
    """
    return fetch_df(snap, sql, [period_id, procuratorate_id, procuratorate_id])


@_cached
def leniency(snap: Snapshot, period_id: str, procuratorate_id: str | None) -> pd.DataFrame:
    """fct_rater_leniency rows of the period, with the procuratorate's name."""
    sql = """
        SELECT l.*, coalesce(p.procuratorate_name, l.procuratorate_id) AS procuratorate_name
        FROM fct_rater_leniency l
        LEFT JOIN (
            SELECT procuratorate_id, min(procuratorate_name) AS procuratorate_name,
                   min(procuratorate_level) AS procuratorate_level
            FROM dim_org_unit GROUP BY 1
        ) p USING (procuratorate_id)
        WHERE l.period_id = ? AND (? IS NULL OR l.procuratorate_id = ?)
        ORDER BY CASE p.procuratorate_level WHEN 'city' THEN 0 ELSE 1 END,
                 procuratorate_name, l.rater_level
    """
    return fetch_df(snap, sql, [period_id, procuratorate_id, procuratorate_id])


@_cached
def movements(snap: Snapshot, period_id: str, procuratorate_id: str | None) -> pd.DataFrame:
    """People's sharp moves into the period (fct_result_movement.is_sharp), largest first."""
    sql = """
        SELECT m.*, p.person_name, o.org_unit_name, o.procuratorate_id, o.procuratorate_name
        FROM fct_result_movement m
        JOIN dim_person p ON p.person_id = m.appraisee_id
        JOIN dim_org_unit o ON o.org_unit_id = m.org_unit_id
        WHERE m.appraisee_type = 'person' AND m.is_sharp AND m.period_id = ?
          AND (? IS NULL OR o.procuratorate_id = ?)
        ORDER BY abs(m.total_change) DESC, p.person_name, m.appraisee_id
    """
    return fetch_df(snap, sql, [period_id, procuratorate_id, procuratorate_id])


@_cached
def coverage(snap: Snapshot, period_id: str) -> pd.DataFrame:
    """fct_indicator_coverage rows of the period, least covered first."""
    sql = """
        SELECT c.*
        FROM fct_indicator_coverage c
        WHERE c.period_id = ?
        ORDER BY c.coverage, c.spec_id, c.indicator_name
    """
    return fetch_df(snap, sql, [period_id])


def ranked_drivers(frame: pd.DataFrame) -> pd.DataFrame:
    """The driver rows in display order: per department, largest driver score first.

    A score that is not a number (an indicator on which everyone scored the same has no
    correlation) counts as 0, the mart's own rule for an indicator that does not vary.
    """
    score = pd.to_numeric(frame["driver_score"], errors="coerce").fillna(0.0)
    ordered = frame.assign(score=score, position=0)
    ordered = ordered.sort_values(
        ["org_unit_id", "spec_id", "score", "sort_order"], ascending=[True, True, False, True],
        kind="stable",
    )  # fmt: skip
    ordered["position"] = ordered.groupby(["org_unit_id", "spec_id"]).cumcount() + 1
    return ordered

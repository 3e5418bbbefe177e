"""Parameterised read queries against the published snapshot, cached per snapshot version.

Every function takes the ``Snapshot`` first: its version (mtime, inode, size) and the
signed-in account's scope are part of the cache key, so a newly published file is read at
once and no account ever gets another's cached rows. Every query runs through the scope
layer (``fetch_df``): no page filters on its own. The column types are those of
the marts' dbt contracts (dbt_project/models/marts/*.yml): every id is VARCHAR, so the
strings that arrive from the URL compare with it directly.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.snapshot import Snapshot, fetch_df
from kpi_warehouse.store.drill_down import EVIDENCE_SQL
from kpi_warehouse.store.scope import catalogue
from kpi_warehouse.store.scope import scorecard_people as scorecard_people_of

CACHE_TTL_SECONDS = 600

# Staff categories in display order; unknown categories sort after these.
CATEGORY_ORDER_SQL = """
    CASE {col} WHEN '科级干部' THEN 0 WHEN '中层干部' THEN 1 WHEN '一般工作人员' THEN 2 ELSE 3 END
"""


_cached = st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)


@_cached
def snapshot_meta(snap: Snapshot) -> pd.DataFrame:
    return fetch_df(
        snap, "SELECT built_at, spec_versions, content_sha256, note FROM meta_snapshot LIMIT 1"
    )


@_cached
def periods(snap: Snapshot) -> pd.DataFrame:
    """Quarters, newest first; those with appraisal results only, if any have them."""
    sql = """
        SELECT p.period_id, p.label_zh, p.label_en, p.start_date,
               EXISTS (SELECT 1 FROM fct_appraisal a WHERE a.period_id = p.period_id) AS has_data
        FROM dim_period p
        WHERE p.period_type = 'quarter'
        ORDER BY p.start_date DESC, p.period_id DESC
    """
    df = fetch_df(snap, sql)
    with_data = df[df["has_data"]]
    return (with_data if not with_data.empty else df).reset_index(drop=True)


@_cached
def procuratorates(snap: Snapshot) -> pd.DataFrame:
    sql = """
        SELECT procuratorate_id,
               min(procuratorate_name) AS procuratorate_name,
               min(procuratorate_level) AS procuratorate_level
        FROM dim_org_unit
        GROUP BY 1
        ORDER BY CASE min(procuratorate_level) WHEN 'city' THEN 0 ELSE 1 END, 2, 1
    """
    return fetch_df(snap, sql)


@_cached
def org_units(snap: Snapshot) -> pd.DataFrame:
    sql = """
        SELECT org_unit_id, org_unit_name, dept_key, unit_kind,
               procuratorate_id, procuratorate_name, procuratorate_level
        FROM dim_org_unit
        ORDER BY CASE procuratorate_level WHEN 'city' THEN 0 ELSE 1 END,
                 procuratorate_name, org_unit_name, org_unit_id
    """
    return fetch_df(snap, sql)


@_cached
def org_units_with_results(snap: Snapshot, period_id: str) -> list[str]:
    """Org units that have appraisal results (staff or their own) in the period."""
    sql = """
        SELECT DISTINCT org_unit_id
        FROM fct_appraisal
        WHERE period_id = ? AND org_unit_id IS NOT NULL
    """
    return fetch_df(snap, sql, [period_id])["org_unit_id"].tolist()


@_cached
def person_appraisals(snap: Snapshot, period_id: str, procuratorate_id: str | None) -> pd.DataFrame:
    """Person appraisals in a period with their org unit; all procuratorates when None."""
    sql = """
        SELECT a.appraisee_id AS person_id, a.org_unit_id,
               o.org_unit_name, o.procuratorate_id, o.procuratorate_name, o.procuratorate_level,
               a.category, a.total, a.grade
        FROM fct_appraisal a
        LEFT JOIN dim_org_unit o ON o.org_unit_id = a.org_unit_id
        WHERE a.appraisee_type = 'person'
          AND a.period_id = ?
          AND (? IS NULL OR o.procuratorate_id = ?)
    """
    return fetch_df(snap, sql, [period_id, procuratorate_id, procuratorate_id])


@_cached
def department_ranking(snap: Snapshot, period_id: str, org_unit_id: str) -> pd.DataFrame:
    """Staff of one org unit in a period, ordered by category, then rank."""
    order = CATEGORY_ORDER_SQL.format(col="a.category")
    sql = f"""
        SELECT a.appraisee_id AS person_id,
               coalesce(p.person_name, a.appraisee_id) AS person_name,
               p.post, a.category, a.total, a.rank_in_category, a.category_size,
               a.grade, a.grade_note, a.spec_id
        FROM fct_appraisal a
        LEFT JOIN dim_person p ON p.person_id = a.appraisee_id
        WHERE a.appraisee_type = 'person'
          AND a.period_id = ?
          AND a.org_unit_id = ?
        ORDER BY {order}, a.category, a.rank_in_category NULLS LAST, a.total DESC NULLS LAST,
                 person_name
    """
    return fetch_df(snap, sql, [period_id, org_unit_id])


@_cached
def appraisal(
    snap: Snapshot, period_id: str, appraisee_type: str, appraisee_id: str
) -> pd.DataFrame:
    """The appraisal row(s) of one appraisee in a period, newest spec version first."""
    sql = """
        SELECT a.spec_id, a.spec_version, a.org_unit_id,
               o.org_unit_name, o.procuratorate_name, a.category, a.total,
               a.rank_in_category, a.category_size, a.grade, a.grade_note
        FROM fct_appraisal a
        LEFT JOIN dim_org_unit o ON o.org_unit_id = a.org_unit_id
        WHERE a.appraisee_type = ?
          AND a.appraisee_id = ?
          AND a.period_id = ?
        ORDER BY a.spec_version DESC, a.spec_id
    """
    return fetch_df(snap, sql, [appraisee_type, appraisee_id, period_id])


@_cached
def person(snap: Snapshot, person_id: str) -> pd.DataFrame:
    sql = """
        SELECT person_id, person_name, org_unit_id, org_unit_name,
               procuratorate_name, post, category, status, leave_date
        FROM dim_person
        WHERE person_id = ?
    """
    return fetch_df(snap, sql, [person_id])


@_cached
def appraised_people(snap: Snapshot, period_id: str) -> pd.DataFrame:
    """Everyone appraised in a period, for the person selector."""
    sql = """
        SELECT a.appraisee_id AS person_id,
               coalesce(p.person_name, a.appraisee_id) AS person_name,
               a.org_unit_id, o.org_unit_name, o.procuratorate_name
        FROM fct_appraisal a
        LEFT JOIN dim_person p ON p.person_id = a.appraisee_id
        LEFT JOIN dim_org_unit o ON o.org_unit_id = a.org_unit_id
        WHERE a.appraisee_type = 'person' AND a.period_id = ?
        ORDER BY CASE o.procuratorate_level WHEN 'city' THEN 0 ELSE 1 END,
                 o.procuratorate_name, o.org_unit_name, person_name
    """
    return fetch_df(snap, sql, [period_id])


@_cached
def indicator_scores(
    snap: Snapshot,
    period_id: str,
    appraisee_type: str,
    appraisee_id: str,
    spec_id: str | None,
    spec_version: str | None,
) -> pd.DataFrame:
    """One appraisee's indicator breakdown with the number of evidence records per row."""
    sql = """
        SELECT s.indicator_score_id,
               s.indicator_id, s.indicator_name, s.clause, s.measure, s.measure_label,
               s.raw_points, s.points, s.max_points, s.cap_applied, s.sort_order,
               (SELECT count(*) FROM fct_evidence e
                 WHERE e.indicator_score_id = s.indicator_score_id) AS evidence_count
        FROM fct_indicator_score s
        WHERE s.appraisee_type = ?
          AND s.appraisee_id = ?
          AND s.period_id = ?
          AND (? IS NULL OR s.spec_id = ?)
          AND (? IS NULL OR s.spec_version = ?)
        ORDER BY s.sort_order NULLS LAST, s.indicator_id
    """
    params = [appraisee_type, appraisee_id, period_id, spec_id, spec_id, spec_version, spec_version]
    return fetch_df(snap, sql, params)


@_cached
def indicator_score(snap: Snapshot, indicator_score_id: str) -> pd.DataFrame:
    """One indicator score row with the appraisee's display name."""
    sql = """
        SELECT s.indicator_score_id, s.appraisee_type, s.appraisee_id, s.period_id,
               s.indicator_id, s.indicator_name, s.clause, s.measure_label, s.raw_points,
               s.points, s.max_points, s.cap_applied,
               coalesce(p.person_name, o.org_unit_name, s.appraisee_id) AS appraisee_name,
               coalesce(p.org_unit_id, o.org_unit_id) AS org_unit_id
        FROM fct_indicator_score s
        LEFT JOIN dim_person p
               ON s.appraisee_type = 'person' AND p.person_id = s.appraisee_id
        LEFT JOIN dim_org_unit o
               ON s.appraisee_type = 'org_unit' AND o.org_unit_id = s.appraisee_id
        WHERE s.indicator_score_id = ?
    """
    return fetch_df(snap, sql, [indicator_score_id])


@_cached
def evidence(snap: Snapshot, indicator_score_id: str) -> pd.DataFrame:
    """The source records behind one indicator score."""
    return fetch_df(snap, EVIDENCE_SQL, [indicator_score_id])


@_cached
def data_quality(snap: Snapshot, procuratorate_id: str | None) -> pd.DataFrame:
    """Findings for one procuratorate (or all); those naming no known person show for all."""
    sql = """
        SELECT finding_id, check_name, source_table, source_key, severity,
               message_zh, message_en
        FROM fct_data_quality
        WHERE ? IS NULL OR procuratorate_id IS NULL OR procuratorate_id = ?
        ORDER BY CASE lower(severity) WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                 check_name, source_table, source_key
    """
    return fetch_df(snap, sql, [procuratorate_id, procuratorate_id])


@_cached
def table_catalogue(snap: Snapshot) -> dict[str, list[tuple[str, str]]]:
    """The marts this account may query, each with its (column, type) pairs."""
    assert snap.scope is not None
    return catalogue(snap.scope, snap.path)


@_cached
def scorecard_people(snap: Snapshot) -> frozenset[str]:
    """People whose scorecards (breakdown, evidence) this account may open."""
    assert snap.scope is not None
    return scorecard_people_of(snap.scope, snap.path)

"""Read queries of the leaders' pages, through the scope layer, cached per snapshot and scope
(see dashboards/queries.py for the rules every query here follows)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.leaders.periods import parse_period
from dashboards.queries import CACHE_TTL_SECONDS, table_catalogue
from dashboards.snapshot import Snapshot, fetch_df

_cached = st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)


def _is_year(period_id: str) -> bool:
    ref = parse_period(period_id)
    return ref is not None and ref.is_year


@_cached
def periods(snap: Snapshot) -> pd.DataFrame:
    """Quarters and years, newest first, years before their quarters; has_data says whether
    any appraisal result is there."""
    sql = """
        SELECT p.period_id, p.period_type, p.year, p.quarter, p.label_zh, p.label_en,
               p.start_date,
               CASE p.period_type
                 WHEN 'year' THEN EXISTS (SELECT 1 FROM fct_annual_result y
                                          WHERE y.period_id = p.period_id)
                 ELSE EXISTS (SELECT 1 FROM fct_appraisal a WHERE a.period_id = p.period_id)
               END AS has_data
        FROM dim_period p
        WHERE p.period_type IN ('quarter', 'year')
        ORDER BY p.year DESC, CASE p.period_type WHEN 'year' THEN 0 ELSE 1 END,
                 p.start_date DESC, p.period_id DESC
    """
    return fetch_df(snap, sql)


@_cached
def person_results(snap: Snapshot, period_id: str, procuratorate_id: str | None) -> pd.DataFrame:
    """Person results of a period with their department: a year's from fct_annual_result,
    a quarter's from fct_appraisal."""
    table = "fct_annual_result" if _is_year(period_id) else "fct_appraisal"
    sql = f"""
        SELECT a.spec_id, a.appraisee_id AS person_id,
               coalesce(p.person_name, a.appraisee_id) AS person_name,
               a.org_unit_id, o.org_unit_name, o.dept_key, o.procuratorate_id,
               o.procuratorate_name, o.procuratorate_level, a.category, a.total,
               a.rank_in_category, a.category_size, a.grade, a.grade_status
        FROM {table} a
        LEFT JOIN dim_org_unit o ON o.org_unit_id = a.org_unit_id
        LEFT JOIN dim_person p ON p.person_id = a.appraisee_id
        WHERE a.appraisee_type = 'person' AND a.period_id = ?
          AND (? IS NULL OR o.procuratorate_id = ?)
    """
    return fetch_df(snap, sql, [period_id, procuratorate_id, procuratorate_id])


@_cached
def quarterly_means(snap: Snapshot) -> pd.DataFrame:
    """Per quarter, procuratorate and department: headcount and mean total (trends)."""
    sql = """
        SELECT a.period_id, p.label_zh, p.label_en, p.start_date, a.org_unit_id,
               o.org_unit_name, o.procuratorate_id, o.procuratorate_name,
               count(*) AS headcount, avg(a.total) AS mean_total
        FROM fct_appraisal a
        JOIN dim_period p ON p.period_id = a.period_id AND p.period_type = 'quarter'
        LEFT JOIN dim_org_unit o ON o.org_unit_id = a.org_unit_id
        WHERE a.appraisee_type = 'person'
        GROUP BY ALL
        ORDER BY p.start_date, o.procuratorate_id, a.org_unit_id
    """
    return fetch_df(snap, sql)


@_cached
def person_history(snap: Snapshot, person_id: str) -> pd.DataFrame:
    """One person's quarterly results, oldest first (trend)."""
    sql = """
        SELECT a.period_id, p.label_zh, p.label_en, p.start_date, a.total, a.grade,
               a.rank_in_category, a.category_size
        FROM fct_appraisal a
        JOIN dim_period p ON p.period_id = a.period_id AND p.period_type = 'quarter'
        WHERE a.appraisee_type = 'person' AND a.appraisee_id = ?
        ORDER BY p.start_date
    """
    return fetch_df(snap, sql, [person_id])


@_cached
def payouts(snap: Snapshot, quarter_ids: tuple[str, ...]) -> pd.DataFrame:
    """Person payouts of the given quarters (a year is its quarters: it pays nothing itself)."""
    marks = ", ".join("?" * len(quarter_ids))
    sql = f"""
        SELECT appraisee_id AS person_id, period_id, org_unit_id, procuratorate_id, grade,
               grade_status, payout, payout_year_to_date
        FROM fct_payout
        WHERE appraisee_type = 'person' AND period_id IN ({marks})
    """
    return fetch_df(snap, sql, list(quarter_ids))


@_cached
def counterparts(snap: Snapshot, period_id: str, dept_key: str) -> pd.DataFrame:
    """Every department with the same dept_key: its person results in the period."""
    sql = """
        SELECT o.org_unit_id, o.org_unit_name, o.procuratorate_id, o.procuratorate_name,
               o.procuratorate_level, a.appraisee_id AS person_id, a.total, a.grade
        FROM dim_org_unit o
        JOIN fct_appraisal a ON a.org_unit_id = o.org_unit_id
             AND a.appraisee_type = 'person' AND a.period_id = ?
        WHERE o.dept_key = ?
    """
    return fetch_df(snap, sql, [period_id, dept_key])


@_cached
def case_quality(snap: Snapshot, quarter_ids: tuple[str, ...], dept_key: str) -> pd.DataFrame:
    """Department-level case-quality numerators and denominators summed over the quarters."""
    marks = ", ".join("?" * len(quarter_ids))
    sql = f"""
        SELECT org_unit_id, indicator_id, min(indicator_name) AS indicator_name,
               min(sort_order) AS sort_order,
               sum(numerator) AS numerator, sum(denominator) AS denominator
        FROM fct_case_quality_monthly
        WHERE subject_level = 'org_unit' AND dept_key = ? AND quarter_id IN ({marks})
        GROUP BY org_unit_id, indicator_id
    """
    return fetch_df(snap, sql, [dept_key, *quarter_ids])


@_cached
def unit_rankings(snap: Snapshot, period_id: str) -> pd.DataFrame:
    """Departments appraised by their upper counterparts (fct_org_unit_appraisal)."""
    sql = """
        SELECT spec_id, org_unit_id, org_unit_name, dept_key, procuratorate_id,
               procuratorate_name, total, rank_among_counterparts, counterparts, grade,
               grade_status, grade_note
        FROM fct_org_unit_appraisal
        WHERE period_id = ?
        ORDER BY dept_key, rank_among_counterparts NULLS LAST, total DESC, org_unit_id
    """
    return fetch_df(snap, sql, [period_id])


@_cached
def specs(snap: Snapshot) -> pd.DataFrame:
    """The spec versions whose results the account may see (empty if the snapshot has
    none); newest version first."""
    if "dim_spec" not in table_catalogue(snap):
        return pd.DataFrame(columns=["spec_id", "spec_version", "spec_title", "spec_json"])
    sql = """
        SELECT spec_id, spec_version, spec_title, effective_from, spec_json
        FROM dim_spec ORDER BY spec_id, effective_from DESC
    """
    return fetch_df(snap, sql)


def spec_titles(snap: Snapshot) -> dict[str, str]:
    """Each spec's title, as its newest version the account may see names it."""
    titles: dict[str, str] = {}
    versions = specs(snap)
    for spec_id, title in zip(versions["spec_id"], versions["spec_title"], strict=True):
        titles.setdefault(str(spec_id), str(title))  # newest version first
    return titles


@_cached
def annual_result(snap: Snapshot, period_id: str, person_id: str) -> pd.DataFrame:
    """One person's annual result with the quarterly grades it was built from."""
    sql = """
        SELECT quarters_appraised, quarter_grades, excellent_quarters, unsatisfactory_quarters,
               quarterly_payouts
        FROM fct_annual_result
        WHERE appraisee_type = 'person' AND appraisee_id = ? AND period_id = ?
        ORDER BY spec_version DESC
    """
    return fetch_df(snap, sql, [person_id, period_id])

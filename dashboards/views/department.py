"""Department: ranked staff of one org unit in a period, each name linking to the person."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboards import nav, queries, rescored, summaries
from dashboards.components import (
    Column,
    Row,
    fmt_points,
    link_table,
    md_escape,
    optional_text,
    text_cell,
)
from dashboards.i18n import category_label, grade_label, t
from dashboards.indicator_table import indicator_table
from dashboards.leaders import compare, sections
from dashboards.leaders import queries as leader_queries
from dashboards.leaders.periods import parse_period
from dashboards.selectors import select_org_unit, select_period_or_year
from dashboards.snapshot import Snapshot, current_snapshot


def rank_text(row: Row) -> str:
    return t(
        "person.rank_value",
        rank=fmt_points(row["rank_in_category"]),
        size=fmt_points(row["category_size"]),
    )


def ranking(
    staff: pd.DataFrame,
    period_id: str,
    org_unit_id: str,
    openable: frozenset[str],
    spec_titles: Mapping[str, str],
) -> None:
    def person_link(row: Row) -> None:
        if row["person_id"] not in openable:  # a colleague: published total and grade only
            st.markdown(md_escape(row["person_name"]))
            return
        params = {nav.PERIOD: period_id, nav.ORG_UNIT: org_unit_id, nav.PERSON: row["person_id"]}
        nav.page_link(nav.PERSON_PAGE, str(row["person_name"]), params)

    columns = [
        Column(t("col.rank"), 1, text_cell(rank_text)),
        Column(t("col.name"), 2, person_link),
        Column(t("col.post"), 2, text_cell(lambda r: r["post"])),
        Column(t("col.total"), 1, text_cell(lambda r: fmt_points(r["total"]))),
        Column(t("col.grade"), 1, text_cell(lambda r: grade_label(r["grade"]))),
        Column(t("col.note"), 3, text_cell(lambda r: r["grade_note"])),
    ]
    st.subheader(t("department.ranking"))
    groups = summaries.ranking_groups(staff, spec_titles)
    if any(spec is not None for _, spec, _ in groups):
        st.caption(t("department.by_spec_hint"))
    for category, spec, group in groups:
        label = category_label(category)
        heading = (
            t("department.category_heading", category=label, n=len(group))
            if spec is None
            else t("department.spec_heading", category=label, spec=spec, n=len(group))
        )
        st.markdown(f"##### {md_escape(heading)}")
        link_table(columns, group.to_dict("records"))


def own_appraisal(snap: Snapshot, period_id: str, org_unit_id: str) -> None:
    """The department's own appraisal (appraisee_type 'org_unit'), when the spec has one."""
    rows = queries.appraisal(snap, period_id, "org_unit", org_unit_id)
    if rows.empty:
        return
    row = rows.iloc[0]
    st.subheader(t("department.own_appraisal"))
    left, right, _ = st.columns([1, 1, 3])
    left.metric(t("department.own_total"), fmt_points(row["total"]))
    right.metric(t("person.metric.grade"), grade_label(row["grade"]))
    scores = queries.indicator_scores(
        snap,
        period_id,
        "org_unit",
        org_unit_id,
        optional_text(row["spec_id"]),
        optional_text(row["spec_version"]),
    )
    params = {nav.PERIOD: period_id, nav.ORG_UNIT: org_unit_id}
    indicator_table(scores, params)


def leaders_blocks(snap: Snapshot, period_id: str, org_unit_id: str, unit: pd.Series) -> None:
    """Issue 13's blocks: the department's figures and each person's against the previous
    period and last year, quota use, the counterparts, the unit ranking and the trend."""
    bases = compare.bases(snap, period_id)
    ref = parse_period(period_id)
    if bases is None or ref is None:
        return

    def results_of(pid: str) -> pd.DataFrame:
        frame = leader_queries.person_results(snap, pid, None)
        return frame[frame["org_unit_id"] == org_unit_id]

    results = results_of(period_id)
    if not results.empty:
        sections.changes_block(snap, bases, results_of)
        sections.department_person_changes(bases, results, snap)
        population = leader_queries.person_results(snap, period_id, None)
        sections.quota_block(snap, ref, results, population)
    dept_key = None if pd.isna(unit["dept_key"]) else str(unit["dept_key"])
    sections.counterparts_block(snap, ref, org_unit_id, dept_key)
    sections.unit_rankings_block(snap, period_id, dept_key=dept_key)
    sections.department_trend(snap, org_unit_id, dept_key)


def main() -> None:
    snap = current_snapshot()
    if snap is None:
        return
    period_id = nav.param(nav.PERIOD)
    nav.breadcrumb([(nav.OVERVIEW_PAGE, t("crumb.overview"), {nav.PERIOD: period_id})])
    left, right = st.columns(2)
    with left:
        period_id = select_period_or_year(snap)
    if period_id is None:
        return
    with right:
        org_unit_id = select_org_unit(snap, period_id)
    if org_unit_id is None:
        st.info(t("department.choose"))
        return
    units = queries.org_units(snap).set_index("org_unit_id")
    unit = units.loc[org_unit_id]
    st.title(str(unit["org_unit_name"]))
    st.caption(str(unit["procuratorate_name"]))
    staff = queries.department_ranking(snap, period_id, org_unit_id)
    if staff.empty:
        st.info(t("department.no_data"))
    else:
        titles = leader_queries.spec_titles(snap)
        ranking(staff, period_id, org_unit_id, queries.scorecard_people(snap), titles)
    rescored.department_block(snap, period_id, org_unit_id)
    own_appraisal(snap, period_id, org_unit_id)
    leaders_blocks(snap, period_id, org_unit_id, unit)


main()

"""Overview: metrics, score distribution, grades by department, department list, data quality."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, nav, queries, summaries
from dashboards.components import (
    Column,
    Row,
    fmt_points,
    link_table,
    md_escape,
    record_table,
    text_cell,
)
from dashboards.i18n import current_language, grade_label, severity_label, t
from dashboards.leaders import compare, sections
from dashboards.leaders import queries as leader_queries
from dashboards.leaders.periods import parse_period
from dashboards.selectors import select_period_or_year, select_procuratorate
from dashboards.snapshot import Snapshot, current_snapshot


def metrics(appraisals: pd.DataFrame) -> None:
    counts = summaries.grade_counts(appraisals)
    optional = {summaries.UNDETERMINED, *summaries.OPTIONAL_GRADES}
    shown = {k: v for k, v in counts.items() if k not in optional or v}
    cells = st.columns(2 + len(shown))
    cells[0].metric(t("overview.metric.appraisees"), len(appraisals))
    cells[1].metric(t("overview.metric.mean"), fmt_points(appraisals["total"].mean()))
    for cell, (grade, n) in zip(cells[2:], shown.items(), strict=True):
        cell.metric(grade_label(None if grade == summaries.UNDETERMINED else grade), n)


def charts_row(
    appraisals: pd.DataFrame, period_id: str, all_procuratorates: bool, departments: pd.DataFrame
) -> None:
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("overview.distribution"))
        st.altair_chart(charts.score_histogram(appraisals["total"]))
    with right:
        if is_province(departments):
            procuratorate_chart(appraisals, departments, period_id)
        else:
            department_chart(appraisals, period_id, all_procuratorates)


def department_chart(appraisals: pd.DataFrame, period_id: str, all_procuratorates: bool) -> None:
    st.subheader(t("overview.by_department"))
    st.caption(t("overview.by_department_hint"))
    counts = summaries.grade_counts_long(appraisals, label_with_procuratorate=all_procuratorates)
    event = st.altair_chart(
        charts.grade_counts_chart(counts), on_select="rerun", key="overview.grade_chart"
    )
    org_unit_id = charts.selected_org_unit(event)
    if org_unit_id:  # a click on a department's bar opens that department
        # Keep the overview's filters in the URL too: Streamlit records the new query
        # string on the current page before switching, and "back" returns to that entry.
        params = {**nav.context_params(), nav.PERIOD: period_id, nav.ORG_UNIT: org_unit_id}
        st.switch_page(nav.DEPARTMENT_PAGE, query_params=params)


def procuratorate_chart(
    appraisals: pd.DataFrame, departments: pd.DataFrame, period_id: str
) -> None:
    """A province's chart: one bar per procuratorate (1 500 department bars would make a
    chart tens of thousands of pixels tall that takes seconds to draw); a click opens the
    overview of that procuratorate, where its departments have their own bars."""
    st.subheader(t("overview.by_procuratorate"))
    st.caption(t("overview.by_procuratorate_hint"))
    counts = summaries.grade_counts_by_procuratorate(appraisals, departments)
    chart = charts.grade_counts_chart(
        counts, key="procuratorate_id", label="procuratorate", title=t("filter.procuratorate")
    )
    event = st.altair_chart(chart, on_select="rerun", key="overview.procuratorate_chart")
    procuratorate_id = charts.selected(event, "procuratorate_id")
    if procuratorate_id:
        params = {nav.PERIOD: period_id, nav.PROCURATORATE: procuratorate_id}
        st.switch_page(nav.OVERVIEW_PAGE, query_params=params)


def is_province(summary: pd.DataFrame) -> bool:
    """Whether the departments of ``summary`` (department_summary) are shown by procuratorate:
    above ``summaries.PROVINCE_DEPARTMENTS`` departments in more than one procuratorate."""
    return (
        len(summary) > summaries.PROVINCE_DEPARTMENTS and summary["procuratorate_id"].nunique() > 1
    )


def _grade_keys(summary: pd.DataFrame) -> list[str]:
    """The grade count columns worth showing: the quarter's grades, and the optional ones
    (annual grades, undetermined) where someone has them."""
    optional = {summaries.UNDETERMINED, *summaries.OPTIONAL_GRADES}
    return [k for k in (*summaries.GRADE_ORDER, summaries.UNDETERMINED)
            if k not in optional or summary[k].sum()]  # fmt: skip


def _grade_label(key: str) -> str:
    return grade_label(None if key == summaries.UNDETERMINED else key)


def _grade_columns(summary: pd.DataFrame) -> list[Column]:
    return [
        Column(_grade_label(key), 1.3, text_cell(lambda r, k=key: r[k]))
        for key in _grade_keys(summary)
    ]


def procuratorate_list(departments: pd.DataFrame, period_id: str) -> None:
    st.subheader(t("overview.procuratorates"))
    st.caption(t("overview.procuratorates_hint"))
    summary = summaries.procuratorate_summary(departments)

    def procuratorate_link(row: Row) -> None:
        params = {nav.PERIOD: period_id, nav.PROCURATORATE: row["procuratorate_id"]}
        nav.page_link(nav.OVERVIEW_PAGE, row["procuratorate_name"], params)

    # The grade counts share one cell: a row of a hundred is then four elements, not nine
    # (the list is drawn in a fraction of the time; every name stays a link in the app).
    keys = _grade_keys(summary)
    labels = {key: _grade_label(key) for key in keys}

    def grade_counts(row: Row) -> str:
        return " · ".join(f"{labels[k]} {row[k]}" for k in keys)

    columns = [
        Column(t("filter.procuratorate"), 2.2, procuratorate_link),
        Column(t("col.headcount"), 1, text_cell(lambda r: r["headcount"])),
        Column(t("col.mean"), 1, text_cell(lambda r: fmt_points(r["mean_total"]))),
        Column(t("overview.grade_counts"), 5, text_cell(grade_counts)),
    ]
    link_table(columns, summary.to_dict("records"))


def department_list(summary: pd.DataFrame, period_id: str) -> None:
    if is_province(summary):
        procuratorate_list(summary, period_id)
        return
    st.subheader(t("overview.departments"))
    st.caption(t("overview.departments_hint"))

    def department_link(row: Row) -> None:
        params = {nav.PERIOD: period_id, nav.ORG_UNIT: row["org_unit_id"]}
        nav.page_link(nav.DEPARTMENT_PAGE, row["org_unit_name"] or row["org_unit_id"], params)

    columns = [
        Column(t("col.department"), 2.2, department_link),
        Column(t("col.headcount"), 1, text_cell(lambda r: r["headcount"])),
        Column(t("col.mean"), 1, text_cell(lambda r: fmt_points(r["mean_total"]))),
        *_grade_columns(summary),
    ]
    for _, group in summary.groupby("procuratorate_name", sort=False):
        st.markdown(f"##### {md_escape(group['procuratorate_name'].iloc[0])}")
        link_table(columns, group.to_dict("records"))


def data_quality(snap: Snapshot, procuratorate_id: str | None) -> None:
    findings = queries.data_quality(snap, procuratorate_id)
    with st.expander(t("overview.dq", n=len(findings)), icon=":material/rule:"):
        if findings.empty:
            st.write(t("overview.dq.none"))
            return
        message = "message_en" if current_language() == "en" else "message_zh"
        table = pd.DataFrame(
            {
                t("col.severity"): [severity_label(s) for s in findings["severity"]],
                t("col.check"): findings["check_name"],
                t("col.source_table"): findings["source_table"],
                t("col.source_key"): findings["source_key"],
                t("col.message"): findings[message].fillna(findings["message_zh"]),
            }
        )
        record_table(table)


def leaders_blocks(
    snap: Snapshot, period_id: str, procuratorate_id: str | None, before_charts: bool
) -> None:
    """Issue 13's blocks: changes (before the charts); quota use beside the department
    list's grade counts, payouts, department rankings and the trends (after it)."""
    bases = compare.bases(snap, period_id)
    ref = parse_period(period_id)
    if bases is None or ref is None:
        return
    if before_charts:
        sections.changes_block(
            snap, bases, lambda pid: leader_queries.person_results(snap, pid, procuratorate_id)
        )
        return
    results = leader_queries.person_results(snap, period_id, procuratorate_id)
    population = leader_queries.person_results(snap, period_id, None)
    sections.quota_block(snap, ref, results, population)
    sections.payouts_by_department(snap, ref, results)
    sections.unit_rankings_block(snap, period_id, procuratorate_id=procuratorate_id)
    sections.procuratorate_trend(snap)


def main() -> None:
    snap = current_snapshot()
    if snap is None:
        return
    st.title(t("overview.title"))
    left, right = st.columns(2)
    with left:
        period_id = select_period_or_year(snap)
    with right:
        procuratorate_id = select_procuratorate(snap)
    if period_id is None:
        return
    appraisals = queries.person_appraisals(snap, period_id, procuratorate_id)
    if appraisals.empty:
        st.info(t("overview.no_data"))
    else:
        metrics(appraisals)
        leaders_blocks(snap, period_id, procuratorate_id, before_charts=True)
        departments = summaries.department_summary(appraisals)
        charts_row(appraisals, period_id, procuratorate_id is None, departments)
        department_list(departments, period_id)
        leaders_blocks(snap, period_id, procuratorate_id, before_charts=False)
    data_quality(snap, procuratorate_id)


main()

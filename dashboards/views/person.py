"""Person: header, total, rank and grade, and the indicator breakdown with evidence links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import access, nav, queries, rescored
from dashboards.components import fmt_date, fmt_points, md_escape, optional_text, text_or_dash
from dashboards.i18n import category_label, grade_label, is_missing, t
from dashboards.indicator_table import indicator_table
from dashboards.leaders import compare, sections
from dashboards.leaders.periods import parse_period
from dashboards.leaders.scorecard_data import export_controls
from dashboards.selectors import select_period_or_year, select_person_in_period
from dashboards.snapshot import Snapshot, current_snapshot


def _first(*values: object) -> object:
    return next((value for value in values if not is_missing(value)), None)


def header(person: pd.Series, result: pd.Series | None) -> None:
    """Name, then procuratorate and department, post and category (from the appraisal)."""
    result = result if result is not None else pd.Series(dtype=object)
    unit = _first(result.get("org_unit_name"), person["org_unit_name"])
    procuratorate = _first(result.get("procuratorate_name"), person["procuratorate_name"])
    category = _first(result.get("category"), person["category"])
    st.title(str(person["person_name"]))
    st.caption(
        t(
            "person.header",
            procuratorate=text_or_dash(procuratorate),
            unit=text_or_dash(unit),
            post=text_or_dash(person["post"]),
            category=category_label(category),
        )
    )
    if not is_missing(person["leave_date"]):
        st.caption(t("person.leaving", date=fmt_date(person["leave_date"])))


def result_metrics(result: pd.Series) -> None:
    cells = st.columns([1, 1, 1, 2])
    cells[0].metric(t("person.metric.total"), fmt_points(result["total"]))
    rank = t(
        "person.rank_value",
        rank=fmt_points(result["rank_in_category"]),
        size=fmt_points(result["category_size"]),
    )
    cells[1].metric(t("person.metric.rank"), rank)
    cells[2].metric(t("person.metric.grade"), grade_label(result["grade"]))
    if not is_missing(result["grade_note"]) and str(result["grade_note"]):
        st.info(md_escape(result["grade_note"]), icon=":material/sticky_note_2:")


def breakdown(snap: Snapshot, period_id: str, person_id: str, result: pd.Series) -> None:
    st.subheader(t("person.indicators"))
    # Which version of the spec scored this period (a closed quarter keeps its version).
    st.caption(
        t(
            "person.spec",
            spec=text_or_dash(result["spec_id"]),
            version=text_or_dash(result["spec_version"]),
        )
    )
    st.caption(t("person.indicators_hint"))
    scores = queries.indicator_scores(
        snap,
        period_id,
        "person",
        person_id,
        optional_text(result["spec_id"]),
        optional_text(result["spec_version"]),
    )
    params = {nav.PERIOD: period_id, nav.ORG_UNIT: result["org_unit_id"], nav.PERSON: person_id}
    indicator_table(scores, params)


def leaders_blocks(
    snap: Snapshot,
    period_id: str,
    person_id: str,
    result: pd.Series,
    name: str,
    org_unit_id: str | None,
) -> None:
    """Issue 13's blocks: changes, the trend, payouts and the form's export."""
    bases = compare.bases(snap, period_id)
    ref = parse_period(period_id)
    if bases is None or ref is None:
        return
    if ref.is_year:
        sections.annual_quarters(snap, period_id, person_id)
    sections.person_change_block(snap, bases, person_id, result)
    sections.person_trend(snap, person_id, name)
    sections.person_payouts(snap, ref, person_id)
    export_controls(snap, period_id, person_id, org_unit_id)


def main() -> None:
    snap = current_snapshot()
    if snap is None:
        return
    crumbs = st.container()
    left, right = st.columns(2)
    with left:
        period_id = select_period_or_year(snap)
    if period_id is None:
        return
    with right:
        person_id = select_person_in_period(snap, period_id)
    if person_id is None:
        st.info(t("person.choose"))
        return
    people = queries.person(snap, person_id)
    if people.empty:
        st.info(t("person.choose"))
        return
    person = people.iloc[0]
    results = queries.appraisal(snap, period_id, "person", person_id)
    result = results.iloc[0] if not results.empty else None
    source = result if result is not None else person
    org_unit_id = optional_text(_first(source["org_unit_id"], person["org_unit_id"]))
    unit_name = result["org_unit_name"] if result is not None else person["org_unit_name"]
    with crumbs:
        nav.breadcrumb(
            [
                (nav.OVERVIEW_PAGE, t("crumb.overview"), {nav.PERIOD: period_id}),
                (
                    nav.DEPARTMENT_PAGE,
                    text_or_dash(unit_name),
                    {nav.PERIOD: period_id, nav.ORG_UNIT: org_unit_id},
                ),
            ]
        )
    nav.set_param(nav.ORG_UNIT, org_unit_id)
    if snap.scope is not None:
        access.note_scorecard_view(snap.scope, person_id, period_id)
    header(person, result)
    if result is None:
        st.info(t("person.no_appraisal"))
        rescored.person_block(snap, period_id, "person", person_id, None)
        return
    result_metrics(result)
    rescored.person_block(snap, period_id, "person", person_id, result)
    leaders_blocks(snap, period_id, person_id, result, str(person["person_name"]), org_unit_id)
    breakdown(snap, period_id, person_id, result)


main()

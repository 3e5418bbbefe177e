"""Evidence: the source records behind one indicator score (fct_evidence_record)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import access, nav, queries
from dashboards.components import (
    fmt_date,
    fmt_points,
    md_escape,
    optional_text,
    record_table,
    text_or_dash,
)
from dashboards.i18n import t
from dashboards.selectors import select_period, select_person
from dashboards.snapshot import Snapshot, current_snapshot

EVIDENCE_COLUMNS = {
    "activity_date": "col.date",
    "source_system": "col.source_system",
    "source_table": "col.source_table",
    "source_key": "col.source_key",
    "kind": "col.kind",
    "level": "col.level",
    "quantity": "col.quantity",
    "share": "col.share",
    "detail": "col.detail",
    "points": "col.points",
}
OPTIONAL_COLUMNS = ("level", "quantity", "share", "points")  # left out when uninformative


def informative(column: pd.Series) -> bool:
    """Worth a column: some value is set, and quantities/shares are not all simply 1."""
    values = column.dropna()
    if values.empty:
        return False
    if column.name in ("quantity", "share"):
        return bool((pd.to_numeric(values, errors="coerce") != 1).any())
    return True


def score_from_url(snap: Snapshot) -> pd.Series | None:
    score_id = nav.param(nav.INDICATOR_SCORE)
    if not score_id:
        return None
    rows = queries.indicator_score(snap, score_id)
    return rows.iloc[0] if not rows.empty else None


def select_indicator(snap: Snapshot, period_id: str, appraisee: tuple[str, str]) -> str | None:
    scores = queries.indicator_scores(snap, period_id, appraisee[0], appraisee[1], None, None)
    labels = dict(
        zip(scores["indicator_score_id"], scores["indicator_name"].astype(str), strict=True)
    )
    return nav.url_select(
        nav.INDICATOR_SCORE, t("filter.indicator"), list(labels), labels.__getitem__
    )


def evidence_table(records: pd.DataFrame) -> pd.DataFrame:
    """Display frame: formatted dates and points, empty optional columns left out."""
    frame = records.copy()
    frame["activity_date"] = [fmt_date(v) for v in frame["activity_date"]]
    for column in ("quantity", "share", "points"):
        if frame[column].notna().any():
            frame[column] = [fmt_points(v) for v in frame[column]]
    keep = [c for c in EVIDENCE_COLUMNS if c not in OPTIONAL_COLUMNS or informative(records[c])]
    frame = frame[keep].astype(object).where(frame[keep].notna(), t("value.none"))
    return frame.rename(columns={c: t(EVIDENCE_COLUMNS[c]) for c in keep})


def score_header(score: pd.Series) -> None:
    st.title(t("evidence.title", indicator=score["indicator_name"]))
    lines = [
        t("evidence.appraisee", name=score["appraisee_name"]),
        t("evidence.clause", clause=text_or_dash(score["clause"])),
        t("evidence.measure", measure=text_or_dash(score["measure_label"])),
        t(
            "evidence.points",
            points=fmt_points(score["points"]),
            max_points=fmt_points(score["max_points"]),
        ),
    ]
    st.markdown("  \n".join(md_escape(line) for line in lines))


def crumbs(snap: Snapshot, score: pd.Series, period_id: str) -> None:
    links = [(nav.OVERVIEW_PAGE, t("crumb.overview"), {nav.PERIOD: period_id})]
    org_unit_id = optional_text(score["org_unit_id"])
    if org_unit_id:
        units = queries.org_units(snap).set_index("org_unit_id")
        name = units["org_unit_name"].get(org_unit_id, org_unit_id)
        links.append(
            (nav.DEPARTMENT_PAGE, str(name), {nav.PERIOD: period_id, nav.ORG_UNIT: org_unit_id})
        )
    if score["appraisee_type"] == "person":
        params = {
            nav.PERIOD: period_id,
            nav.ORG_UNIT: org_unit_id,
            nav.PERSON: str(score["appraisee_id"]),
        }
        links.append((nav.PERSON_PAGE, str(score["appraisee_name"]), params))
    nav.breadcrumb(links)


def main() -> None:
    snap = current_snapshot()
    if snap is None:
        return
    crumb_area = st.container()
    score = score_from_url(snap)
    if score is not None:
        nav.set_param(nav.PERIOD, str(score["period_id"]))
        if score["appraisee_type"] == "person":
            nav.set_param(nav.PERSON, str(score["appraisee_id"]))
    cells = st.columns(3)
    with cells[0]:
        period_id = select_period(snap, clears=(nav.INDICATOR_SCORE,))
    if period_id is None:
        return
    if score is not None and score["appraisee_type"] != "person":
        appraisee = (str(score["appraisee_type"]), str(score["appraisee_id"]))
    else:
        with cells[1]:
            person_id = select_person(snap, period_id, clears=(nav.INDICATOR_SCORE,))
        if person_id is None:
            st.info(t("person.choose"))
            return
        appraisee = ("person", person_id)
    with cells[2]:
        score_id = select_indicator(snap, period_id, appraisee)
    if score_id is None:
        st.info(t("evidence.choose"))
        return
    rows = queries.indicator_score(snap, score_id)
    if rows.empty:
        st.info(t("evidence.not_found"))
        return
    score = rows.iloc[0]
    if score["appraisee_type"] == "person" and snap.scope is not None:
        access.note_scorecard_view(snap.scope, str(score["appraisee_id"]), period_id)
    with crumb_area:
        crumbs(snap, score, period_id)
    score_header(score)
    records = queries.evidence(snap, score_id)
    st.subheader(t("evidence.summary", n=len(records)))
    if records["points"].notna().any():
        st.caption(t("evidence.points_sum", points=fmt_points(records["points"].sum())))
    if records.empty:
        st.info(t("evidence.none"))
        return
    record_table(evidence_table(records))


main()

"""One person's appraisal form (``scorecard.Scorecard``) from the snapshot, and the export
controls: the Excel download (audited) and the link to the print view."""

from __future__ import annotations

import streamlit as st

from dashboards import nav, queries
from dashboards.access import actor
from dashboards.components import fmt_points, optional_text, text_or_dash
from dashboards.i18n import category_label, grade_label, is_missing, t
from dashboards.leaders import queries as leader_queries
from dashboards.leaders.explain import rules_lines
from dashboards.leaders.periods import PeriodRef, parse_period, quarters_of
from dashboards.leaders.quotas import grading
from dashboards.leaders.scorecard import Item, Scorecard, to_excel
from dashboards.snapshot import Snapshot
from kpi_warehouse.store import audit
from kpi_warehouse.store.scope import Scope


def _period_name(snap: Snapshot, ref: PeriodRef) -> str:
    from dashboards.leaders.sections import period_labels

    return period_labels(snap).get(ref.period_id, ref.period_id)


def build(snap: Snapshot, period_id: str, person_id: str) -> Scorecard | None:
    """The form of ``person_id`` for ``period_id``; None without a result there."""
    ref = parse_period(period_id)
    people = queries.person(snap, person_id)
    results = queries.appraisal(snap, period_id, "person", person_id)
    if ref is None or people.empty or results.empty:
        return None
    person, result = people.iloc[0], results.iloc[0]
    spec_id, version = optional_text(result["spec_id"]), optional_text(result["spec_version"])
    scores = queries.indicator_scores(snap, period_id, "person", person_id, spec_id, version)
    items = tuple(
        Item(
            str(row["indicator_name"]),
            None if is_missing(row["max_points"]) else float(row["max_points"]),
            None if is_missing(row["points"]) else float(row["points"]),
            "" if is_missing(row["measure_label"]) else str(row["measure_label"]),
        )
        for row in scores.to_dict("records")
    )
    paid = leader_queries.payouts(snap, quarters_of(ref))
    paid = paid[paid["person_id"] == person_id]["payout"]
    specs = leader_queries.specs(snap)
    spec_rows = specs[specs["spec_id"] == spec_id]
    if version is not None and (spec_rows["spec_version"] == version).any():
        spec_rows = spec_rows[spec_rows["spec_version"] == version]
    title = str(spec_rows.iloc[0]["spec_title"]) if not spec_rows.empty else text_or_dash(spec_id)
    rules = (
        "\n".join(
            rules_lines(
                grading(spec_id or "", title, str(spec_rows.iloc[0]["spec_json"]), ref.is_year)
            )
        )  # fmt: skip
        if not spec_rows.empty
        else t("lead.rules.none")
    )
    return Scorecard(
        title=t("lead.form.title_year" if ref.is_year else "lead.form.title_quarter"),
        period=_period_name(snap, ref),
        name=str(person["person_name"]),
        post=text_or_dash(person["post"]),
        department=" ".join(
            (text_or_dash(result["procuratorate_name"]), text_or_dash(result["org_unit_name"]))
        ),
        category=category_label(result["category"]),
        items=items,
        total=None if is_missing(result["total"]) else float(result["total"]),
        rank=t(
            "person.rank_value",
            rank=fmt_points(result["rank_in_category"]),
            size=fmt_points(result["category_size"]),
        ),
        grade=grade_label(result["grade"]),
        payout=float(paid.sum()) if not paid.empty else None,
        note="" if is_missing(result["grade_note"]) else str(result["grade_note"]),
        rules=rules,
        spec=t("lead.form.spec_value", title=title, version=text_or_dash(version)),
        signatures=(
            t("lead.form.sign_appraisee"),
            t("lead.form.sign_head"),
            t("lead.form.sign_committee"),
        ),
    )


def _record_export(scope: Scope | None, period_id: str, person_id: str) -> None:
    if scope is not None:
        audit.record(
            actor(scope),
            "scorecard_export",
            target=f"person:{person_id}",
            detail={"period": period_id, "format": "xlsx"},
        )


def export_controls(
    snap: Snapshot, period_id: str, person_id: str, org_unit_id: str | None
) -> None:
    """The Excel download of the form and a link to its print view."""
    card = build(snap, period_id, person_id)
    if card is None:
        return
    st.subheader(t("lead.export.title"))
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("lead.export.excel"),
            data=to_excel(card),
            file_name=f"scorecard-{person_id}-{period_id}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            on_click=_record_export,
            args=(snap.scope, period_id, person_id),
            key="lead.export.excel",
        )
    with right:
        params = {nav.PERIOD: period_id, nav.ORG_UNIT: org_unit_id, nav.PERSON: person_id}
        nav.page_link(nav.SCORECARD_PAGE, t("lead.export.print"), params, icon=":material/print:")

"""Print view: one person's appraisal form (季度/年度绩效考核评定表), print-ready."""

from __future__ import annotations

import streamlit as st

from dashboards import access, nav
from dashboards.i18n import t
from dashboards.leaders.scorecard import to_html
from dashboards.leaders.scorecard_data import build
from dashboards.selectors import select_period_or_year, select_person_in_period
from dashboards.snapshot import current_snapshot


def main() -> None:
    snap = current_snapshot()
    if snap is None:
        return
    with st.container(key="lead-print-controls"):
        st.title(t("lead.print.title"))
        st.caption(t("lead.print.hint"))
        left, right = st.columns(2)
        with left:
            period_id = select_period_or_year(snap, clears=())
        if period_id is None:
            return
        with right:
            person_id = select_person_in_period(snap, period_id)
    if person_id is None:
        st.info(t("lead.print.choose"))
        return
    card = build(snap, period_id, person_id)
    if card is None:
        st.info(t("lead.print.no_result"))
        return
    if snap.scope is not None:
        access.note_scorecard_view(snap.scope, person_id, period_id)
    nav.set_param(nav.PERSON, person_id)
    st.html(to_html(card))


main()

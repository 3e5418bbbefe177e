"""工作日志 / Journals: write my weekly journal with its self score (changeable until the
first review) and see each level's score and the final one; the journals awaiting my
review at my level (section chief, supervising leader, department head); excusing a
reviewee's week (trip, leave, holiday) so it may be back-filled. Every act goes through
``kpi_warehouse.store.participation.journals`` (the same functions as ``kpi journal``)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboards import session
from dashboards.components import record_table
from dashboards.i18n import t
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.participation import journals, org
from kpi_warehouse.store.registries.access import NotAllowed

ERRORS = (NotAllowed, journals.JournalError, ValueError)
DASH = "—"


def _score(value: object) -> str:
    return DASH if value is None else f"{float(value):g}"  # type: ignore[arg-type]


def write_mine(account: AccountView) -> None:
    st.subheader(t("jr.write"))
    if not account.person_id:
        st.info(t("jr.no_person"))
        return
    with st.form("jr.write"):
        week = st.date_input(t("jr.week"), value=date.today(), key="jr.week")
        score = st.number_input(
            t("jr.self_score"),
            min_value=0.0,
            max_value=journals.MAX_SCORE,
            value=None,
            step=1.0,
            key="jr.self",
        )
        content = st.text_area(t("jr.content"), key="jr.content")
        if st.form_submit_button(t("jr.submit"), type="primary"):
            try:
                journal_id = journals.write(
                    account, week, score if score is not None else -1, content
                )
            except ERRORS as exc:
                st.error(str(exc))
            else:
                st.session_state["jr.flash"] = t("jr.submitted", journal=journal_id)
                st.rerun()
    st.subheader(t("jr.mine"))
    st.caption(t("jr.rule"))
    rows = journals.mine(account)
    if not rows:
        st.info(t("jr.mine.none"))
        return
    table = {
        t("jr.col.week"): [r["week_start"] for r in rows],
        t("jr.col.self"): [_score(r["self_score"]) for r in rows],
    }
    for level in journals.REVIEW_LEVELS:
        table[t(f"jr.col.{level}")] = [
            _score(r["reviews"][level]["score"]) if level in r["reviews"] else DASH for r in rows
        ]
    table[t("jr.col.final")] = [_score(r["final"]) for r in rows]
    table[t("jr.col.excuse")] = [
        t(f"jr.reason.{r['excuse']}") if r["excuse"] else DASH for r in rows
    ]
    record_table(pd.DataFrame(table))


def review_queue(account: AccountView, directory: org.Directory) -> None:
    reviewees = journals.reviewees(account, directory)
    if not reviewees:
        return
    st.subheader(t("jr.queue"))
    rows = journals.queue(account, directory)
    if not rows:
        st.info(t("jr.queue.none"))
    for r in rows:
        jid = str(r["journal_id"])
        with st.container(border=True):
            st.markdown(
                "**"
                + t(
                    "jr.item",
                    name=directory.name(str(r["person_id"])),
                    week=r["week_start"],
                    self=_score(r["self_score"]),
                )
                + "**"
            )
            st.caption(t("jr.as_level", level=t(f"jr.level.{r['my_level']}")))
            if r["reviews"]:
                done = "；".join(
                    f"{t(f'jr.level.{lv}')} {_score(v['score'])}" for lv, v in r["reviews"].items()
                )
                st.caption(t("jr.earlier", reviews=done))
            st.text(str(r["content"] or ""))
            with st.form(f"jr.review.{jid}"):
                score = st.number_input(
                    t("jr.review_score", journal=jid),
                    min_value=0.0,
                    max_value=journals.MAX_SCORE,
                    value=None,
                    step=1.0,
                )
                comment = st.text_input(t("jr.comment", journal=jid))
                if st.form_submit_button(t("jr.review", journal=jid)):
                    try:
                        journals.review(
                            account, jid, score if score is not None else -1, directory, comment
                        )
                    except ERRORS as exc:
                        st.error(str(exc))
                    else:
                        st.session_state["jr.flash"] = t("jr.reviewed", journal=jid)
                        st.rerun()
    with st.expander(t("jr.excuse.title")), st.form("jr.excuse"):
        names = {m.person_id: f"{m.name}（{m.person_id}）" for m in reviewees}
        person = st.selectbox(t("jr.excuse.person"), list(names), format_func=names.get)
        week = st.date_input(t("jr.excuse.week"), value=date.today(), key="jr.excuse.week")
        reason = st.selectbox(
            t("jr.excuse.reason"),
            list(journals.EXCUSES),
            format_func=lambda r: t(f"jr.reason.{r}"),
        )
        if st.form_submit_button(t("jr.excuse.submit")):
            try:
                journals.excuse(account, person, week, reason, directory)
            except ERRORS as exc:
                st.error(str(exc))
            else:
                st.session_state["jr.flash"] = t("jr.excused", name=directory.name(person))
                st.rerun()


def main() -> None:
    st.title(t("jr.title"))
    account = session.current_account()
    if account is None:
        return
    flash = st.session_state.pop("jr.flash", None)
    if flash:
        st.success(flash)
    write_mine(account)
    review_queue(account, org.load())


main()

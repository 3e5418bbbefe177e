"""申诉处理 / Appeal queue (appraisal office; admins may publish): publish a period — which
makes its results visible to staff and starts its appeal window — and answer in writing
the appeals of the people within the office's scope, overdue ones flagged. The office's
own appeals are listed but cannot be answered by it.

Every act goes through ``kpi_warehouse.store.publication`` and ``appeals`` (roles, the
rules, history and audit).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards.appeal_cards import card, status_text, subject
from dashboards.components import fmt_datetime
from dashboards.i18n import current_language, t
from dashboards.session import current_scope
from dashboards.snapshot import Snapshot, current_snapshot, fetch_df
from kpi_warehouse.store import accounts, appeals, publication
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.appeal_rules import Refused, may_decide, may_publish
from kpi_warehouse.store.appeals import AppealView
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.scope import Scope

FLASH = "queue.flash"
UPHOLD, DISMISS = "uphold", "dismiss"


def _publish(account: AccountView, snap: Snapshot) -> None:
    st.subheader(t("queue.publish.header"))
    st.caption(t("queue.publish.help"))
    done = {p.period_id: p for p in publication.publications()}
    periods = fetch_df(
        snap,
        "SELECT period_id, label_zh, label_en FROM dim_period "
        "WHERE period_id IN (SELECT period_id FROM fct_appraisal) ORDER BY start_date, end_date",
    )
    column = "label_en" if current_language() == "en" else "label_zh"
    labels = dict(zip(periods["period_id"], periods[column], strict=True))
    waiting = [p for p in labels if p not in done]
    if not waiting:
        st.info(t("queue.publish.none"))
    else:
        cells = st.columns([3, 1], vertical_alignment="bottom")
        period = cells[0].selectbox(
            t("queue.publish.period"), waiting, key="queue.publish.period",
            format_func=lambda p: f"{labels[p]} ({p})",
        )  # fmt: skip
        if cells[1].button(t("queue.publish.button"), key="queue.publish.button",
                           type="primary", icon=":material/campaign:"):  # fmt: skip
            try:
                publication.publish(account, period, Path(snap.path))
            except (Refused, NotAllowed) as exc:
                st.error(t("queue.refused", error=exc), icon=":material/block:")
            else:
                st.session_state[FLASH] = t("queue.publish.done", period=period)
                st.rerun()
    with st.expander(t("queue.published.header"), expanded=False):
        if not done:
            st.caption(t("queue.published.none"))
        for p in done.values():
            st.markdown(
                "- " + t("queue.published.row", period=f"{labels.get(p.period_id, '')} "
                         f"({p.period_id})", at=fmt_datetime(p.published_at), by=p.published_by)
            )  # fmt: skip


def _decide_form(account: AccountView, appeal: AppealView, snap: Snapshot) -> None:
    own = appeal.person_id == account.person_id or appeal.filed_by == account.username
    if own:
        st.warning(t("queue.own"), icon=":material/person_off:")
        return
    key = f"queue.decide.{appeal.appeal_id}"
    with st.form(key):
        choice = st.radio(
            t("queue.decision"), (UPHOLD, DISMISS), key=f"{key}.choice", horizontal=True,
            format_func=lambda c: t(f"queue.{c}"), index=1,
        )  # fmt: skip
        answer = st.text_area(t("queue.answer"), key=f"{key}.answer")
        correction = st.text_input(t("queue.correction"), key=f"{key}.correction")
        submitted = st.form_submit_button(t("queue.submit"), icon=":material/gavel:")
    if not submitted:
        return
    try:
        appeals.decide(account, appeal.appeal_id, choice == UPHOLD, answer, Path(snap.path),
                       correction or None)  # fmt: skip
    except (Refused, NotAllowed) as exc:
        st.error(t("queue.refused", error=exc), icon=":material/block:")
        return
    st.session_state[FLASH] = t("queue.done", id=appeal.appeal_id)
    st.rerun()


def _queue(account: AccountView, scope: Scope, snap: Snapshot) -> None:
    rows = appeals.queue(account, Path(snap.path))
    names = dict(
        fetch_df(snap, "SELECT person_id, person_name FROM dim_person").itertuples(index=False)
    )
    pending = [a for a in rows if a.status == "pending"]
    pending.sort(key=lambda a: (not a.overdue, a.answer_due, a.appeal_id))
    overdue = sum(a.overdue for a in pending)
    st.subheader(t("queue.pending.header", n=len(pending), overdue=overdue))
    if not pending:
        st.info(t("queue.pending.none"))
    for appeal in pending:
        label = (f"{appeal.appeal_id} · {names.get(appeal.person_id, appeal.person_id)} · "
                 f"{appeal.period_id} · {subject(appeal)} · {status_text(appeal)}")  # fmt: skip
        with st.expander(label, expanded=True):
            person = names.get(appeal.person_id, appeal.person_id)
            st.caption(t("queue.person", name=person, id=appeal.person_id))
            card(appeal, account, scope, Path(snap.path), key=f"queue.{appeal.appeal_id}")
            _decide_form(account, appeal, snap)
    st.subheader(t("queue.decided.header"))
    decided = [a for a in rows if a.status != "pending"]
    if not decided:
        st.info(t("queue.decided.none"))
    for appeal in decided:
        person = names.get(appeal.person_id, appeal.person_id)
        st.caption(t("queue.person", name=person, id=appeal.person_id))
        card(appeal, account, scope, Path(snap.path), key=f"queue.done.{appeal.appeal_id}")


def main() -> None:
    st.title(t("queue.title"))
    st.caption(t("queue.intro"))
    scope = current_scope()
    account = accounts.active(scope.account_id) if scope and scope.account_id else None
    if scope is None or account is None or not (may_publish(account) or may_decide(account)):
        st.error(t("access.not_permitted"), icon=":material/block:")
        return
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    snap = current_snapshot(scope)
    if snap is None:
        return
    if may_publish(account):
        _publish(account, snap)
    if may_decide(account):
        _queue(account, scope, snap)
    else:
        st.info(t("queue.not_decider"))


main()

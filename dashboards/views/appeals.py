"""申诉 / Appeals (an appraisee): file an appeal against one's own published result — the
grade or one indicator — within the appeal window, and follow one's appeals to their
written answers, with the result before and after.

Periods and results come from the snapshot through the scope layer (an unpublished period
is not there for staff at all); every act goes through ``kpi_warehouse.store.appeals``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from dashboards.appeal_cards import card
from dashboards.components import fmt_points
from dashboards.i18n import current_language, t
from dashboards.session import current_scope
from dashboards.snapshot import current_snapshot, fetch_df
from kpi_warehouse.store import accounts, appeals, db, publication
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.appeal_rules import Refused, window_closes
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.scope import Scope

FLASH = "appeal.flash"
GRADE = ""


def open_periods(
    account: AccountView, scope: Scope, snapshot: Path, today: date
) -> dict[str, date]:
    """Published periods with a result of the account's person whose window is open (and
    the day it closes)."""
    out = {}
    for pub in publication.publications():
        result = appeals.read_result(scope, snapshot, str(account.person_id), pub.period_id, None)
        if result is None:
            continue
        closes = window_closes(pub.published_at, int(result["window_days"]))  # type: ignore[call-overload]
        if today <= closes:
            out[pub.period_id] = closes
    return out


def _file(account: AccountView, scope: Scope, snap) -> None:
    st.subheader(t("appeal.file.header"))
    snapshot = Path(snap.path)
    periods = open_periods(account, scope, snapshot, db.now().date())
    if not periods:
        st.info(t("appeal.file.none"))
        return
    labels_df = fetch_df(snap, "SELECT period_id, label_zh, label_en FROM dim_period")
    column = "label_en" if current_language() == "en" else "label_zh"
    labels = dict(zip(labels_df["period_id"], labels_df[column], strict=True))
    period = st.selectbox(
        t("appeal.file.period"), list(periods), key="appeal.period",
        format_func=lambda p: t("appeal.file.period_option", label=labels.get(p, p),
                                closes=periods[p].isoformat()),
    )  # fmt: skip
    scores = fetch_df(
        snap,
        "SELECT indicator_id, any_value(indicator_name) AS name, sum(points) AS points "
        "FROM fct_indicator_score WHERE appraisee_type = 'person' AND appraisee_id = ? "
        "AND period_id = ? GROUP BY indicator_id ORDER BY indicator_id",
        [account.person_id, period],
    )
    options = {GRADE: t("appeal.file.grade")}
    for row in scores.itertuples():
        options[str(row.indicator_id)] = t(
            "appeal.file.indicator", name=row.name, points=fmt_points(row.points)
        )
    subject = st.selectbox(t("appeal.file.subject"), list(options), key="appeal.subject",
                           format_func=lambda k: options[k])  # fmt: skip
    with st.form("appeal.form", clear_on_submit=True):
        reason = st.text_area(t("appeal.file.reason"), key="appeal.reason")
        upload = st.file_uploader(t("appeal.file.attachment"), key="appeal.attachment")
        submitted = st.form_submit_button(t("appeal.file.submit"), icon=":material/send:")
    if not submitted:
        return
    attachment = None
    if upload is not None:
        attachment = appeals.Attachment(
            upload.name, upload.getvalue(), upload.type or "application/octet-stream"
        )
    try:
        appeal_id = appeals.file(account, period, reason, snapshot, subject or None, attachment)
    except (Refused, NotAllowed) as exc:
        st.error(t("appeal.refused", error=exc), icon=":material/block:")
        return
    filed = appeals.get(appeal_id)
    due = filed.answer_due.isoformat() if filed else ""
    st.session_state[FLASH] = t("appeal.file.done", id=appeal_id, due=due)
    st.rerun()


def main() -> None:
    st.title(t("appeal.title"))
    st.caption(t("appeal.intro"))
    scope = current_scope()
    account = accounts.active(scope.account_id) if scope and scope.account_id else None
    if scope is None or account is None:
        st.error(t("access.not_permitted"))
        return
    if not account.person_id:
        st.info(t("appeal.no_person"))
        return
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    snap = current_snapshot(scope)
    if snap is None:
        return
    _file(account, scope, snap)
    st.subheader(t("appeal.mine.header"))
    mine = appeals.own(account)
    if not mine:
        st.info(t("appeal.mine.none"))
    for index, appeal in enumerate(mine):
        card(appeal, account, scope, Path(snap.path), key=f"appeal.mine.{index}")


main()

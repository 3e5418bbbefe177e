"""How an appeal is shown: one bordered card with its state, answer, correction and the
result before and after (shared by the staff page and the appraisal office's queue)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards.components import fmt_datetime, fmt_points, md_escape
from dashboards.i18n import t
from kpi_warehouse.store import appeals
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.appeals import AppealView
from kpi_warehouse.store.scope import Scope


def subject(appeal: AppealView) -> str:
    if appeal.indicator_id:
        return t("appeal.subject.indicator", id=appeal.indicator_id)
    return t("appeal.subject.grade")


def status_text(appeal: AppealView) -> str:
    text = t(f"appeal.status.{appeal.status}")
    return text + (f" · :red[{t('appeal.overdue')}]" if appeal.overdue else "")


def result_text(values: dict[str, object] | None) -> str:
    if not values or "total" not in values:
        return t("appeal.outcome.not_recorded")
    line = t(
        "appeal.outcome.line",
        total=fmt_points(values.get("total")),
        grade=values.get("grade") or "—",
        rank=values.get("rank") or "—",
        size=values.get("category_size") or "—",
    )
    if values.get("indicator_id"):
        points = fmt_points(values.get("points"))
        line += " · " + t("appeal.outcome.points", name=values.get("indicator_name"), points=points)
    return line


def card(appeal: AppealView, account: AccountView, scope: Scope, snapshot: Path, key: str) -> None:
    """The appeal's card; ``key`` keeps its download button's widget key unique."""
    with st.container(border=True):
        title = t("appeal.card.title", id=appeal.appeal_id, period=appeal.period_id,
                  subject=subject(appeal), status=status_text(appeal))  # fmt: skip
        st.markdown(f"**{title}**")
        st.caption(
            t("appeal.card.filed", filed=fmt_datetime(appeal.filed_at),
              closes=appeal.window_closes.isoformat(), due=appeal.answer_due.isoformat())
        )  # fmt: skip
        st.markdown(t("appeal.card.reason", reason=md_escape(appeal.reason)))
        if appeal.answer:
            st.markdown(
                t("appeal.card.answer", by=appeal.decided_by, at=fmt_datetime(appeal.decided_at),
                  answer=md_escape(appeal.answer))
            )  # fmt: skip
        if appeal.correction_id:
            kind = (appeal.correction_kind or "").split(":")[0]
            st.markdown(
                t("appeal.card.correction", kind=t(f"appeal.correction.{kind}"),
                  id=appeal.correction_id)
            )  # fmt: skip
        result = appeals.outcome(appeal, scope, snapshot)
        cells = st.columns(2)
        cells[0].markdown(f"{t('appeal.outcome.before')}：{result_text(result.before)}")
        if appeal.status == "dismissed":
            after = t("appeal.outcome.unchanged")
        elif appeal.status == "upheld" and result.after is None:
            after = t("appeal.outcome.waiting")
        elif result.after is not None:
            after = result_text(result.after)
        else:
            after = "—"
        cells[1].markdown(f"{t('appeal.outcome.after')}：{after}")
        if appeal.attachment_name:
            file = appeals.attachment(account, appeal.appeal_id, snapshot)
            if file is not None:
                st.download_button(
                    t("appeal.card.attachment", name=file.name), file.content,
                    file_name=file.name, mime=file.media_type, key=f"{key}.att",
                    icon=":material/attach_file:",
                )  # fmt: skip

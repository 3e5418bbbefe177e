"""Audit log (admins): sign-ins, scorecard views by others, exports, SQL statements and
account changes, newest first, filtered by account, date and action."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pandas as pd
import streamlit as st

from dashboards.components import record_table
from dashboards.i18n import t
from kpi_warehouse.store import audit

LIMIT = 500
ACTIONS = (
    "sign_in", "sign_out", "account_locked", "scorecard_view", "export", "sql",
    "access_denied", "account_add", "account_set_role", "account_passwd", "account_disable",
    "account_enable", "account_unlock", "setting_change",
    "registry_import", "registry_edit", "registry_void", "entry_import", "entry_approved",
    "entry_rejected", "entry_fix", "build_start", "build_finish",
)  # fmt: skip
ALL = "__all__"


def _local(value: datetime) -> str:
    return value.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def main() -> None:
    st.title(t("audit.title"))
    cells = st.columns(3)
    user = cells[0].text_input(t("audit.user"), key="audit.user").strip() or None
    since_day = cells[1].date_input(t("audit.since"), value=None, key="audit.since")
    action = cells[2].selectbox(
        t("audit.action"), (ALL, *ACTIONS),
        format_func=lambda a: t("audit.all") if a == ALL else a, key="audit.action",
    )  # fmt: skip
    since = None
    if since_day is not None:  # the local day's start, in UTC as the log keeps it
        local = datetime.combine(since_day, time.min).astimezone()
        since = local.astimezone(UTC).replace(tzinfo=None)
    events = audit.events(user, since, None if action == ALL else action, limit=LIMIT)
    st.caption(t("audit.count", n=len(events), limit=LIMIT))
    if not events:
        st.info(t("audit.none"))
        return
    record_table(
        pd.DataFrame(
            {
                t("col.at"): [_local(e.at) for e in events],
                t("col.actor"): [e.actor for e in events],
                t("col.action"): [e.action for e in events],
                t("col.outcome"): [e.outcome for e in events],
                t("col.target"): [e.target or "" for e in events],
                t("col.rows"): ["" if e.rows is None else str(e.rows) for e in events],
                t("col.detail"): [e.detail or "" for e in events],
            }
        )
    )


main()

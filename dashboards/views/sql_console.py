"""SQL console (analysts and admins): one read-only statement within the account's scope,
with CSV download. Vetting, caps and the audit log are the store's ``sql_sandbox``; beside
the editor, the schema browser (tables, columns, types, dbt descriptions) and example
queries that load into the editor with one click (``schema_browser``)."""

from __future__ import annotations

import streamlit as st

from dashboards import access, nav, schema_browser
from dashboards.i18n import t
from dashboards.session import current_scope
from dashboards.snapshot import current_snapshot
from kpi_warehouse.store import audit
from kpi_warehouse.store.scope import CONSOLE_LIMITS
from kpi_warehouse.store.sql_sandbox import Outcome, Verdict, run_sql, to_csv_bytes

DEFAULT_SQL = "SELECT *\nFROM fct_appraisal\nORDER BY period_id DESC, total DESC\nLIMIT 20"
OUTCOME_KEY = "sql_console.outcome"
REFUSALS = {
    Verdict.EMPTY: "sql.empty",
    Verdict.MULTIPLE: "sql.rejected_multi",
    Verdict.NOT_READ_ONLY: "sql.rejected",
    Verdict.RELATION: "sql.rejected_relation",
    Verdict.FUNCTION: "sql.rejected_function",
}


def log_export(sql: str, rows: int) -> None:
    scope = current_scope()
    if scope is not None:
        audit.record(access.actor(scope), "export", target="query.csv", rows=rows,
                     detail={"sql": sql})  # fmt: skip


def show(outcome: Outcome, sql: str) -> None:
    check = outcome.check
    if check.verdict is Verdict.SYNTAX:
        st.error(t("sql.syntax_error", error=check.error))
        return
    if check.verdict is not Verdict.OK:
        st.error(t(REFUSALS[check.verdict], names=", ".join(check.names)))
        return
    if outcome.timed_out:
        st.error(t("sql.timeout", seconds=int(CONSOLE_LIMITS.timeout_seconds)))
        return
    if outcome.error or outcome.frame is None:
        st.error(t("sql.error", error=outcome.error))
        return
    frame = outcome.frame
    if outcome.truncated:
        st.warning(t("sql.truncated", limit=CONSOLE_LIMITS.max_rows))
    st.caption(t("sql.rows", n=len(frame)))
    st.dataframe(frame, hide_index=True)
    st.download_button(
        t("sql.download"),
        data=to_csv_bytes(frame),
        file_name="query.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click=log_export,
        args=(sql, len(frame)),
    )


def main() -> None:
    snap = current_snapshot()
    if snap is None or snap.scope is None:
        return
    st.title(t("sql.title"))
    st.caption(t("sql.help"))
    st.page_link(nav.DOCS_PAGE, label=t("sql.docs_link"), icon=":material/menu_book:")
    st.session_state.setdefault(schema_browser.EDITOR_KEY, DEFAULT_SQL)
    editor, browser = st.columns([3, 2], gap="large")
    with editor:
        schema_browser.examples()
        with st.form("sql_console"):
            sql = st.text_area(t("sql.input"), height=220, key=schema_browser.EDITOR_KEY)
            submitted = st.form_submit_button(t("sql.run"), type="primary")
    with browser:
        schema_browser.browser(snap)
    if submitted:  # run once per submission; reruns (downloads, language) show the result
        outcome = run_sql(snap.scope, snap.path, sql, access.actor(snap.scope))
        st.session_state[OUTCOME_KEY] = (sql, outcome)
    if OUTCOME_KEY in st.session_state:
        last_sql, outcome = st.session_state[OUTCOME_KEY]
        show(outcome, last_sql)


main()

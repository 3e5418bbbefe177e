"""SQL console: one read-only statement against the snapshot, with CSV download."""

from __future__ import annotations

import duckdb
import streamlit as st

from dashboards import queries, readonly_sql
from dashboards.i18n import t
from dashboards.readonly_sql import Verdict
from dashboards.snapshot import Snapshot, current_snapshot

DEFAULT_SQL = "SELECT *\nFROM fct_appraisal\nORDER BY period_id DESC, total DESC\nLIMIT 20"
LAST_SQL_KEY = "sql_console.last"
REFUSALS = {
    Verdict.EMPTY: "sql.empty",
    Verdict.MULTIPLE: "sql.rejected_multi",
    Verdict.NOT_READ_ONLY: "sql.rejected",
}


def table_list(snap: Snapshot) -> None:
    with st.expander(t("sql.tables")):
        names = queries.table_names(snap)["table_name"]
        st.markdown("  ".join(f"`{name}`" for name in names))


def run(snap: Snapshot, sql: str) -> None:
    check = readonly_sql.check_statement(sql)
    if check.verdict is Verdict.SYNTAX:
        st.error(t("sql.syntax_error", error=check.error))
        return
    if check.verdict is not Verdict.OK:
        st.error(t(REFUSALS[check.verdict]))
        return
    try:
        result = readonly_sql.run_query(snap.path, check.statement)
    except readonly_sql.QueryTimeout:
        st.error(t("sql.timeout", seconds=int(readonly_sql.TIMEOUT_SECONDS)))
        return
    except duckdb.Error as exc:
        st.error(t("sql.error", error=exc))
        return
    if result.truncated:
        st.warning(t("sql.truncated", limit=readonly_sql.MAX_ROWS))
    st.caption(t("sql.rows", n=len(result.frame)))
    st.dataframe(result.frame, hide_index=True)
    st.download_button(
        t("sql.download"),
        data=readonly_sql.to_csv_bytes(result.frame),
        file_name="query.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def main() -> None:
    snap = current_snapshot()
    if snap is None:
        return
    st.title(t("sql.title"))
    st.caption(t("sql.help"))
    table_list(snap)
    with st.form("sql_console"):
        sql = st.text_area(t("sql.input"), value=DEFAULT_SQL, height=160, key="sql_text")
        submitted = st.form_submit_button(t("sql.run"), type="primary")
    if submitted:
        st.session_state[LAST_SQL_KEY] = sql
    last = st.session_state.get(LAST_SQL_KEY)
    if last is not None:
        run(snap, last)


main()

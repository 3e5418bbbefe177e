"""数据构建 / Data build (admins): start `kpi build` in the background, see that it runs and
how the last one ended. Starting, refusals and outcomes are in the audit log
(``kpi_warehouse.store.build_runs``); a second start while one runs is refused."""

from __future__ import annotations

import streamlit as st

from dashboards.components import fmt_datetime
from dashboards.i18n import t
from dashboards.session import current_scope
from kpi_warehouse.store import build_runs
from kpi_warehouse.store.audit import Actor


@st.fragment(run_every=3)
def status_panel() -> None:
    """Refreshed every few seconds while the page is open."""
    state = build_runs.status()
    if state.running and state.elsewhere:
        st.info(t("build.running_elsewhere", holder=state.elsewhere), icon=":material/sync:")
    elif state.running and state.started is not None:
        st.info(
            t("build.running", who=state.started.actor, at=fmt_datetime(state.started.at)),
            icon=":material/sync:",
        )
    else:
        st.caption(t("build.idle"))
    last = state.finished
    if last is None:
        st.caption(t("build.last.none"))
        return
    at = fmt_datetime(last.at)
    if last.outcome == "ok":
        st.success(t("build.last.ok", at=at, who=last.actor), icon=":material/check_circle:")
    else:
        code = state.detail.get("exit_code", "?")
        st.error(t("build.last.failed", at=at, who=last.actor, code=code), icon=":material/error:")
    with st.expander(t("build.output")):
        st.code(str(state.detail.get("output", "")), language=None)


def main() -> None:
    st.title(t("build.title"))
    st.caption(t("build.help"))
    scope = current_scope()
    assert scope is not None
    if st.button(t("build.start"), type="primary", icon=":material/play_arrow:", key="build.start"):
        try:
            run = build_runs.start(Actor(scope.username, scope.account_id))
        except build_runs.BuildBusy as exc:
            st.error(str(exc), icon=":material/block:")
        else:
            st.success(t("build.started", run=run.run_id), icon=":material/check_circle:")
    status_panel()


main()

"""Dashboard entry point: ``streamlit run dashboards/app.py``.

Sets up the page and the language switch, signs the user in (nothing else shows before),
checks that a snapshot has been published, refuses pages the account's roles do not open
and URL ids outside its scope, and runs the selected page from ``dashboards/views/``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection
from pathlib import Path

# `streamlit run` puts only this file's folder on sys.path; the pages import the
# `dashboards` package, so its parent (the repository root) must be importable too.
_REPO_ROOT = str(Path(__file__).resolve().parent.parent)
if _REPO_ROOT not in sys.path:
    sys.path.insert(0, _REPO_ROOT)

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.delta_generator import DeltaGenerator  # noqa: E402

from dashboards import access, nav, queries, session, signin  # noqa: E402
from dashboards.components import fmt_datetime, text_or_dash  # noqa: E402
from dashboards.i18n import DEFAULT_LANGUAGE, LANGUAGE_KEY, MESSAGES, role_label, t  # noqa: E402
from dashboards.snapshot import Snapshot, current_snapshot, snapshot_path  # noqa: E402
from kpi_warehouse.store.accounts import AccountView  # noqa: E402
from kpi_warehouse.store.scope import Scope  # noqa: E402

# Drill-down links in the page body look like links (the sidebar navigation is unchanged).
LINK_STYLE = """
<style>
[data-testid="stMain"] a[data-testid="stPageLink-NavLink"] p { color: #1565c0; font-weight: 600; }
</style>
"""


def language_switch() -> None:
    """Sidebar switch between Chinese and English; ``?lang=en`` sets the first value."""
    if LANGUAGE_KEY not in st.session_state:
        from_url = st.query_params.get(LANGUAGE_KEY)
        st.session_state[LANGUAGE_KEY] = from_url if from_url in MESSAGES else DEFAULT_LANGUAGE
    st.sidebar.segmented_control(
        t("lang.label"),
        options=list(MESSAGES),
        format_func=lambda lang: t(f"lang.{lang}"),
        key=LANGUAGE_KEY,
        required=True,
    )


PAGES: tuple[tuple[str, str, str, str], ...] = (
    # (script, title key, icon, url path)
    (nav.OVERVIEW_PAGE, "nav.overview", ":material/dashboard:", "overview"),
    (nav.DEPARTMENT_PAGE, "nav.department", ":material/groups:", "department"),
    (nav.PERSON_PAGE, "nav.person", ":material/person:", "person"),
    (nav.EVIDENCE_PAGE, "nav.evidence", ":material/receipt_long:", "evidence"),
    (nav.SCORECARD_PAGE, "lead.nav.scorecard", ":material/print:", "scorecard"),
    (nav.MINING_PAGE, "nav.mining", ":material/insights:", "mining"),
    (nav.SQL_PAGE, "nav.sql", ":material/terminal:", "sql"),
    (nav.DOCS_PAGE, "nav.dbt_docs", ":material/menu_book:", "docs"),
    (nav.AUDIT_PAGE, "nav.audit", ":material/policy:", "audit"),
    (nav.REGISTRIES_PAGE, "nav.registries", ":material/menu_book:", "registries"),
    (nav.MANUAL_ENTRY_PAGE, "nav.manual_entry", ":material/edit_note:", "manual-entry"),
    (nav.BUILD_PAGE, "nav.build", ":material/build:", "build"),
    (nav.RATINGS_PAGE, "nav.ratings", ":material/how_to_vote:", "ratings"),
    (nav.JOURNALS_PAGE, "nav.journals", ":material/event_note:", "journals"),
    (nav.APPEALS_PAGE, "nav.appeals", ":material/flag:", "appeals"),
    (nav.APPEAL_QUEUE_PAGE, "nav.appeal_queue", ":material/gavel:", "appeal-queue"),
    (nav.SPEC_WORKBENCH_PAGE, "nav.spec_workbench", ":material/edit_document:", "specs"),
    (nav.UNIT_APPRAISAL_PAGE, "nav.unit_appraisal", ":material/account_tree:", "unit-appraisal"),
)
SCRIPTS = {url_path: script for script, _, _, url_path in PAGES}
# Pages that work on the store alone, so they open before any snapshot is published (the
# first build is started from one of them).
STORE_PAGES = frozenset({nav.REGISTRIES_PAGE, nav.MANUAL_ENTRY_PAGE, nav.BUILD_PAGE})
STORE_PAGES |= {nav.RATINGS_PAGE, nav.JOURNALS_PAGE}  # ratings and journals
STORE_PAGES |= {nav.UNIT_APPRAISAL_PAGE}  # the unit appraisal cycle


def pages() -> list[st.Page]:
    return [
        st.Page(script, title=t(title), icon=icon, url_path=url_path, default=index == 0)
        for index, (script, title, icon, url_path) in enumerate(PAGES)
    ]


def sidebar_links(area: DeltaGenerator, scope: Scope, drop: Collection[str] = ()) -> None:
    """The page menu (pages the account may open); its links carry the current drill-down
    context (period, person...), except parameters in ``drop``."""
    context = {k: v for k, v in nav.context_params().items() if k not in drop}
    with area:
        for script, title, icon, _ in PAGES:
            if access.may_open(script, scope):
                st.page_link(script, label=t(title), icon=icon, query_params=context)
        st.divider()


def account_box(account: AccountView) -> None:
    """Who is signed in, and the sign-out button."""
    roles = "、".join(role_label(r) for r in account.roles)
    st.sidebar.caption(t("auth.account", name=account.username, roles=roles))
    if st.sidebar.button(t("nav.signout"), icon=":material/logout:", key="auth.signout"):
        session.end("signed_out")
        st.rerun()


def not_permitted(detail_key: str) -> None:
    """The refusal every page shows for what the account may not see: no data at all."""
    st.error(t("access.not_permitted"), icon=":material/block:")
    st.caption(t(detail_key))


def spec_versions_text(value: object) -> str:
    """meta_snapshot.spec_versions as a short list; a JSON object becomes "key version"."""
    try:
        parsed = json.loads(str(value))
    except ValueError:
        return text_or_dash(value)
    if isinstance(parsed, dict):
        return "".join(f"  \n{key} {version}" for key, version in parsed.items())
    return text_or_dash(value)


def snapshot_info(snap: Snapshot) -> None:
    meta = queries.snapshot_meta(snap)
    if meta.empty:
        return
    row = meta.iloc[0]
    st.sidebar.caption(t("snapshot.built_at", built_at=fmt_datetime(row["built_at"])))
    st.sidebar.caption(
        t("snapshot.spec_versions", versions=spec_versions_text(row["spec_versions"]))
    )


def snapshot_footer(snap: Snapshot) -> None:
    """Below every page: when the snapshot was built and its content hash (`kpi verify`)."""
    meta = queries.snapshot_meta(snap)
    if meta.empty:
        return
    row = meta.iloc[0]
    st.divider()
    sha = text_or_dash(row["content_sha256"])[:12]
    st.caption(t("snapshot.footer", built_at=fmt_datetime(row["built_at"]), sha=sha))


def main() -> None:
    # No developer menu for the leaders. Set at run time it applies to sessions started
    # after the first run; .streamlit/config.toml (toolbarMode viewer) hides it always.
    st.set_option("client.toolbarMode", "viewer")
    st.set_page_config(page_title=t("app.title"), page_icon=":material/balance:", layout="wide")
    st.html(LINK_STYLE)
    menu = st.sidebar.container()
    language_switch()
    page = st.navigation(pages(), position="hidden")
    nav.begin_run()
    account = session.current_account()
    scope = session.current_scope()
    if account is None or scope is None:
        signin.render()
        return
    account_box(account)
    snap = current_snapshot(scope)
    store_page = SCRIPTS.get(page.url_path)
    if snap is None and store_page in STORE_PAGES:
        if access.may_open(store_page, scope):
            page.run()
        else:
            access.record_refusal(scope, page.url_path, [("page", "page", page.url_path)])
            not_permitted("access.detail.page")
        sidebar_links(menu, scope)
        return
    if snap is None:
        sidebar_links(menu, scope)
        st.warning(t("snapshot.missing"), icon=":material/info:")
        st.caption(t("snapshot.expected_at", path=snapshot_path()))
        return
    script = SCRIPTS.get(page.url_path, nav.OVERVIEW_PAGE)
    if not access.may_open(script, scope):
        access.record_refusal(scope, page.url_path, [("page", "page", page.url_path)])
        not_permitted("access.detail.page")
        sidebar_links(menu, scope)
        return
    try:
        refused = access.refused_params(snap)
        if refused:  # an id in the link outside the scope: no page, no data
            access.record_refusal(scope, page.url_path, refused)
            not_permitted(f"access.detail.{refused[0][1]}")
            sidebar_links(menu, scope, drop={name for name, _, _ in refused})
            return
        snapshot_info(snap)
        page.run()
        snapshot_footer(snap)
    except duckdb.Error as exc:
        st.error(t("snapshot.unreadable", error=exc), icon=":material/error:")
    # After the page: the menu links carry what the page chose, written to the URL once.
    sidebar_links(menu, scope)
    nav.commit()


main()

"""Dashboard entry point: ``streamlit run dashboards/app.py``.

Sets up the page, the language switch and the navigation, checks that a snapshot has
been published, and runs the selected page from ``dashboards/views/``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# `streamlit run` puts only this file's folder on sys.path; the pages import the
# `dashboards` package, so its parent (the repository root) must be importable too.
_REPO_ROOT = str(Path(__file__).resolve().parent.parent)
if _REPO_ROOT not in sys.path:
    sys.path.insert(0, _REPO_ROOT)

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.delta_generator import DeltaGenerator  # noqa: E402

from dashboards import nav, queries  # noqa: E402
from dashboards.components import fmt_datetime, text_or_dash  # noqa: E402
from dashboards.i18n import DEFAULT_LANGUAGE, LANGUAGE_KEY, MESSAGES, t  # noqa: E402
from dashboards.snapshot import Snapshot, current_snapshot, snapshot_path  # noqa: E402

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
    (nav.SQL_PAGE, "nav.sql", ":material/terminal:", "sql"),
)


def pages() -> list[st.Page]:
    return [
        st.Page(script, title=t(title), icon=icon, url_path=url_path, default=index == 0)
        for index, (script, title, icon, url_path) in enumerate(PAGES)
    ]


def sidebar_links(area: DeltaGenerator) -> None:
    """The page menu; its links carry the current drill-down context (period, person...)."""
    context = nav.context_params()
    with area:
        for script, title, icon, _ in PAGES:
            st.page_link(script, label=t(title), icon=icon, query_params=context)
        st.divider()


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


def main() -> None:
    # No developer menu for the leaders. Set at run time it applies to sessions started
    # after the first run; `--client.toolbarMode viewer` on the command line hides it always.
    st.set_option("client.toolbarMode", "viewer")
    st.set_page_config(page_title=t("app.title"), page_icon=":material/balance:", layout="wide")
    st.html(LINK_STYLE)
    menu = st.sidebar.container()
    language_switch()
    page = st.navigation(pages(), position="hidden")
    nav.begin_run()
    snap = current_snapshot()
    if snap is None:
        sidebar_links(menu)
        st.warning(t("snapshot.missing"), icon=":material/info:")
        st.caption(t("snapshot.expected_at", path=snapshot_path()))
        return
    try:
        snapshot_info(snap)
        page.run()
    except duckdb.Error as exc:
        st.error(t("snapshot.unreadable", error=exc), icon=":material/error:")
    # After the page: the menu links carry what the page chose, written to the URL once.
    sidebar_links(menu)
    nav.commit()


main()

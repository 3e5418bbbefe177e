"""数据文档 / Data docs: the dbt documentation site that every build generates.

One self-contained HTML file beside the snapshot (``kpi_warehouse.store.scope_docs.docs_file``,
written by the build's ``dbt_docs`` step): shown in the page, behind sign-in like every
other page, and offered as a download to open offline. It needs no network.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards.i18n import t
from dashboards.snapshot import current_snapshot
from kpi_warehouse.store.scope_docs import docs_file

FRAME_HEIGHT = 900


@st.cache_data(ttl=600, show_spinner=False, max_entries=2)
def docs_html(path: str, version: str) -> str:
    """The docs file's text (``version`` — its mtime and size — keys the cache)."""
    return Path(path).read_text(encoding="utf-8")


def main() -> None:
    snap = current_snapshot()
    if snap is None:
        return
    st.title(t("docs.title"))
    st.caption(t("docs.caption"))
    path = docs_file(snap.path)
    try:
        stat = path.stat()
    except OSError:
        st.info(t("docs.missing"), icon=":material/info:")
        st.caption(t("docs.expected_at", path=path))
        return
    html = docs_html(str(path), f"{stat.st_mtime_ns}-{stat.st_size}")
    st.download_button(
        t("docs.download"),
        data=html.encode("utf-8"),
        file_name="kpi-warehouse-dbt-docs.html",
        mime="text/html",
        icon=":material/download:",
    )
    st.iframe(html, height=FRAME_HEIGHT)


main()

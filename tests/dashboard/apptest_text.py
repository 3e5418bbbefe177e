"""Collect the visible text of an AppTest run, for plain substring assertions."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
)


def page_text(at: AppTest) -> str:
    parts: list[str] = []
    for kind in TEXT_ELEMENTS:
        parts.extend(str(element.value) for element in getattr(at, kind))
    parts.extend(f"{metric.label} {metric.value}" for metric in at.metric)
    parts.extend(link.value for link in at.page_link)
    parts.extend(expander.label for expander in at.expander)
    parts.extend(box.label for box in at.selectbox)
    parts.extend(table.value.to_string() for table in at.table)
    parts.extend(frame.value.to_string() for frame in at.dataframe)
    return "\n".join(parts)


def metric_values(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def link_targets(at: AppTest) -> dict[str, str]:
    """Link label -> "page?query" of every st.page_link in the page body (not the menu)."""
    return {
        link.value: f"{link.proto.page}?{link.proto.query_string}" for link in at.main.page_link
    }


def menu_targets(at: AppTest) -> dict[str, str]:
    """The sidebar menu's links, label -> "page?query"."""
    return {
        link.value: f"{link.proto.page}?{link.proto.query_string}" for link in at.sidebar.page_link
    }

"""Small display helpers shared by the pages: value formatting and link tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from dashboards.i18n import is_missing, t

Row = Mapping[str, Any]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_BLOCK_MARK = re.compile(r"^(\s*)([#+-])(?=\s|$)")  # heading or bullet at line start
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")  # "1. " ordered list


def md_escape(text: object) -> str:
    """Plain text shown through st.markdown without being read as markup."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    escaped = _BLOCK_MARK.sub(r"\1\\\2", escaped)
    return _LIST_NUMBER.sub(r"\1\\\2", escaped)


def fmt_points(value: object) -> str:
    """A score without needless decimals: 92.5, 8, 0.25; NULL as a dash."""
    if is_missing(value):
        return t("value.none")
    number = float(value)  # type: ignore[arg-type]
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_date(value: object) -> str:
    if is_missing(value):
        return t("value.none")
    return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]


def fmt_datetime(value: object) -> str:
    if is_missing(value):
        return t("value.none")
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def optional_text(value: object) -> str | None:
    """The value as text, None for NULL (for ids and query parameters)."""
    return None if is_missing(value) else str(value)


def text_or_dash(value: object) -> str:
    """The value as text, a dash for NULL."""
    return t("value.none") if is_missing(value) else str(value)


@dataclass(frozen=True)
class Column:
    """One column of a link table: header, relative width, and how to draw a cell."""

    header: str
    width: float
    draw: Callable[[Row], None]


def text_cell(value: Callable[[Row], object]) -> Callable[[Row], None]:
    """A cell showing plain text computed from the row."""

    def draw(row: Row) -> None:
        st.markdown(md_escape(text_or_dash(value(row))))

    return draw


def link_table(columns: Sequence[Column], rows: Sequence[Row]) -> None:
    """A table drawn with st.columns so that cells can hold real links (st.page_link)."""
    widths = [column.width for column in columns]
    with st.container(border=True, gap="small"):
        header = st.columns(widths, vertical_alignment="center")
        for cell, column in zip(header, columns, strict=True):
            cell.markdown(f"**{md_escape(column.header)}**")
        for row in rows:
            cells = st.columns(widths, vertical_alignment="center")
            for cell, column in zip(cells, columns, strict=True):
                with cell:
                    column.draw(row)


TABLE_ROW_LIMIT = 60  # longer tables go to a scrollable st.dataframe
DATAFRAME_HEIGHT = 640


def record_table(frame: pd.DataFrame) -> None:
    """A static table whose long texts wrap; a scrollable grid when there are many rows."""
    if len(frame) > TABLE_ROW_LIMIT:
        st.dataframe(frame, hide_index=True, height=DATAFRAME_HEIGHT)
    else:
        st.table(frame, hide_index=True, border="horizontal")

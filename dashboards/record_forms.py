"""Form fields, tables and the import panel shared by the registries and manual entry pages.

A record's fields come from its ``Registry`` description (``store.registries.spec``):
headers in Chinese and English, kinds (text, date, choice, int, number, person id/name).
Values go to the services as they would come from a file row, so the same checks apply.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboards.components import record_table
from dashboards.i18n import current_language, t
from kpi_warehouse.store.registries import files
from kpi_warehouse.store.registries.checks import Directory, Problem, parse_date
from kpi_warehouse.store.registries.service import ImportResult
from kpi_warehouse.store.registries.spec import Field, Registry

Values = dict[str, object]


def header(f: Field) -> str:
    return f.header_en if current_language() == "en" else f.header


def key_of(f: Field) -> str:
    """The value's key: the live column, or ``person_name`` for the name."""
    return f.column or "person_name"


def editable(reg: Registry) -> list[Field]:
    """The fields a person fills in (not the record id, which the store assigns)."""
    return [f for f in reg.fields if f.column != reg.id_column]


def choice_label(f: Field, code: object) -> str:
    if code in (None, ""):
        return t("reg.blank")
    if current_language() == "en":
        return str(code)
    return f.choices.get(str(code), str(code))


def field_inputs(reg: Registry, prefix: str, initial: Mapping[str, object]) -> Values:
    """One widget per field (inside the caller's form), prefilled from ``initial``."""
    values: Values = {}
    cells = st.columns(2)
    for n, f in enumerate(editable(reg)):
        key = f"{prefix}.{key_of(f)}"
        start = initial.get(key_of(f))
        label = header(f)
        with cells[n % 2]:
            if f.kind == "choice":
                options = ["", *f.choices]
                index = options.index(str(start)) if str(start) in options else 0
                values[key_of(f)] = st.selectbox(
                    label, options, index=index, key=key,
                    format_func=lambda c, f=f: choice_label(f, c),
                ) or None  # fmt: skip
            elif f.kind == "date":
                day = parse_date(start) if start not in (None, "") else None
                picked = st.date_input(label, value=day, key=key, format="YYYY-MM-DD")
                values[key_of(f)] = picked.isoformat() if isinstance(picked, date) else None
            else:
                text = "" if start is None else _plain(start)
                values[key_of(f)] = st.text_input(label, value=text, key=key).strip() or None
    return values


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def problems_table(problems: Sequence[Problem]) -> None:
    en = current_language() == "en"
    record_table(  # a static table (a scrollable grid when long)
        pd.DataFrame(
            {
                t("reg.col.row"): [p.row for p in problems],
                t("reg.col.column"): [p.column for p in problems],
                t("reg.col.problem"): [p.problem_en if en else p.problem for p in problems],
                t("reg.col.fix"): [p.fix_en if en else p.fix for p in problems],
            }
        )
    )


def show_invalid(problems: Sequence[Problem]) -> None:
    st.error(t("reg.invalid"), icon=":material/error:")
    problems_table([p for p in problems if p.blocking])


def names_of(directory: Directory) -> dict[str, str]:
    return {pid: p.name for pid, p in directory.by_id.items()}


def xlsx_bytes(write: Callable[[Path], object]) -> bytes:
    """What ``write(path)`` writes to an .xlsx file, as bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.xlsx"
        write(path)
        return path.read_bytes()


def import_panel(
    reg: Registry,
    prefix: str,
    do_import: Callable[[list[files.RawRow], str], ImportResult],
) -> None:
    """Upload a file, check and import it (all rows or none), show the report and offer
    the marked-up copy when anything was wrong. The outcome survives the download rerun."""
    st.caption(t("reg.import.help"))
    result_key = f"{prefix}.import_result"
    upload = st.file_uploader(t("reg.import.file"), type=["xlsx", "csv"], key=f"{prefix}.upload")
    current = None if upload is None else upload.file_id
    if st.session_state.get(f"{prefix}.file") != current:  # another file: the report goes
        st.session_state.pop(result_key, None)
        st.session_state[f"{prefix}.file"] = current
    if st.button(t("reg.import.submit"), key=f"{prefix}.import", disabled=upload is None):
        assert upload is not None
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                rows = files.read(reg, path)
            except files.FileError as exc:
                st.session_state[result_key] = (upload.name, None, str(exc), b"")
            else:
                result = do_import(rows, upload.name)
                marked = b""
                if not result.ok:
                    marked = xlsx_bytes(lambda p: files.marked_copy(reg, rows, result.problems, p))
                st.session_state[result_key] = (upload.name, result, None, marked)
    outcome = st.session_state.get(result_key)
    if outcome is None:
        return
    name, result, error, marked = outcome
    if error is not None:
        st.error(t("reg.import.unreadable", error=error), icon=":material/error:")
        return
    blocking = [p for p in result.problems if p.blocking]
    notices = [p for p in result.problems if not p.blocking]
    if blocking:
        st.error(t("reg.import.bad", name=name, n=len(blocking)), icon=":material/error:")
        problems_table(blocking)
        st.download_button(
            t("reg.import.marked"), marked, file_name=f"{Path(name).stem}.问题标注.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{prefix}.marked", icon=":material/download:",
        )  # fmt: skip
    else:
        st.success(
            t("reg.import.ok", name=name, added=len(result.added), unchanged=result.unchanged),
            icon=":material/check_circle:",
        )
    if notices:
        st.caption(t("reg.import.notices"))
        problems_table(notices)

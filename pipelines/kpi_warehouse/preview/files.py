"""A liaison's input files (facts, people) read and typed into DuckDB tables.

Fact columns are documented in ``kpi_specs/README.md``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from kpi_warehouse.preview.checks import FileProblem

FACT_TYPES = {
    "activity_id": "VARCHAR",
    "source": "VARCHAR",
    "kind": "VARCHAR",
    "person_id": "VARCHAR",
    "org_unit_id": "VARCHAR",
    "activity_date": "DATE",
    "level": "VARCHAR",
    "quantity": "DOUBLE",
    "value": "DOUBLE",
    "event_key": "VARCHAR",
    "is_collective": "BOOLEAN",
    "share": "DOUBLE",
}
FACT_DEFAULTS = {"quantity": "1.0", "share": "1.0", "is_collective": "FALSE"}
REQUIRED_FACTS = ("source", "kind", "person_id", "activity_date")
PEOPLE_TYPES = {
    "person_id": "VARCHAR",
    "person_name": "VARCHAR",
    "org_unit_id": "VARCHAR",
    "procuratorate_id": "VARCHAR",
    "dept_key": "VARCHAR",
    "post": "VARCHAR",
    "category": "VARCHAR",
    "status": "VARCHAR",
    "hire_date": "DATE",
    "leave_date": "DATE",
}


class InputFileError(ValueError):
    """A facts or people file cannot be used; the message says which file, row and column
    (``problems``: each one, when several were found)."""

    def __init__(self, message: str | Sequence[FileProblem]) -> None:
        self.problems: list[FileProblem] = [] if isinstance(message, str) else list(message)
        super().__init__(message if isinstance(message, str) else "\n".join(map(str, message)))


def _merged_cells(path: Path) -> list[FileProblem]:
    """Merged cells of the first sheet (the one read): pandas keeps the value in the first
    cell only, so the other rows would silently have none."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=False)
    try:
        sheet = book.worksheets[0]
        return [
            FileProblem(
                str(path),
                cells.min_row,
                str(cells.coord),
                f"单元格 {cells.coord} 是合并单元格：请取消合并，并在每一行填上值",
                f"cells {cells.coord} are merged: unmerge them and fill in every row",
            )
            for cells in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
        ]
    finally:
        book.close()


def read_frame(path: Path) -> pd.DataFrame:
    """CSV (UTF-8, with or without BOM), Excel (.xlsx) or Parquet, all columns as text.
    ``frame.attrs["file"]`` names the file for messages."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xls"):
            merged = _merged_cells(path) if suffix == ".xlsx" else []
            if merged:
                raise InputFileError(merged)
            frame = pd.read_excel(path, dtype=str)
        elif suffix == ".parquet":
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as exc:
        raise InputFileError(
            [FileProblem(str(path), None, None, "文件是空的", "the file is empty")]
        ) from exc
    except InputFileError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputFileError(f"无法读取 {path}：{exc} / cannot read {path}: {exc}") from exc
    frame.attrs["file"] = str(path)
    return frame


def load_typed_table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    frame: pd.DataFrame,
    types: dict[str, str],
    defaults: dict[str, str],
    label: str,
) -> None:
    """Create table ``name`` with the columns ``types`` from ``frame``'s text: a missing
    column or empty cell takes its default (else NULL); a value not of its column's type
    raises :class:`InputFileError` naming the column and the first such row (``label``
    names the file in the message)."""
    frame = frame.rename(columns=lambda c: str(c).strip())
    con.register("_in", frame)
    present = {c: t for c, t in types.items() if c in frame.columns}

    def text(column: str) -> str:
        return f"nullif(trim(CAST(\"{column}\" AS VARCHAR)), '')"

    def typed(column: str) -> str:
        return f"TRY_CAST({text(column)} AS {present[column]})"

    # One pass over the file: per column, how many values do not read as their type, and
    # the first such row (row 1 is the header of a spreadsheet).
    checks = ", ".join(
        f"count(*) FILTER (WHERE {text(c)} IS NOT NULL AND {typed(c)} IS NULL), "
        f"min(rn) FILTER (WHERE {text(c)} IS NOT NULL AND {typed(c)} IS NULL)"
        for c in present
    )
    if present:
        found = con.execute(
            f"SELECT {checks} FROM (SELECT row_number() OVER () + 1 AS rn, * FROM _in)"
        ).fetchone()
        for n, (column, sql_type) in enumerate(present.items()):
            bad, first = found[2 * n], found[2 * n + 1]
            if bad:
                raise InputFileError(
                    f"{label} 第 {first} 行起有 {bad} 个“{column}”值无法识别为 {sql_type}"
                    f" / {bad} value(s) of '{column}' in {label} are not {sql_type}"
                    f" (first at row {first})"
                )
    cols = [
        f"coalesce({typed(c)}, {defaults.get(c, 'NULL')}) AS {c}"
        if c in present
        else f"{defaults.get(c, 'NULL')}::{t} AS {c}"
        for c, t in types.items()
    ]
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {', '.join(cols)} FROM _in")
    con.unregister("_in")

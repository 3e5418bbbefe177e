"""Registry files: the template (Chinese headers, drop-down lists), reading .xlsx/.csv,
exporting, and a copy of an imported file with its problem cells marked.

Headers are matched by their Chinese (or English) name, so column order and extra columns
do not matter; blank rows are skipped; CSV may be UTF-8 (with or without BOM) or GBK.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from kpi_warehouse.store.registries.checks import Problem
from kpi_warehouse.store.registries.spec import Field, Registry

RawRow = tuple[int, dict[str, object]]
BAD = PatternFill("solid", fgColor="FFC7CE")
NOTE = PatternFill("solid", fgColor="FFEB9C")


class FileError(ValueError):
    """The file cannot be read as this registry."""


def _key(f: Field) -> str:
    return f.column or "person_name"


def _headers(reg: Registry) -> dict[str, Field]:
    names: dict[str, Field] = {}
    for f in reg.fields:
        names[f.header] = f
        names[f.header_en] = f
        if f.column:
            names[f.column] = f
    return names


def _rows(reg: Registry, table: list[list[object]]) -> list[RawRow]:
    known = _headers(reg)
    header_at = next(
        (i for i, r in enumerate(table) if any(str(c).strip() in known for c in r if c)), None
    )
    if header_at is None:
        raise FileError(
            f"找不到表头（如“{reg.fields[1].header}”），请使用模板 / no header row found "
            f"(such as '{reg.fields[1].header}'); use the template"
        )
    positions = {
        j: known[str(c).strip()] for j, c in enumerate(table[header_at]) if str(c).strip() in known
    }
    out: list[RawRow] = []
    for i, r in enumerate(table[header_at + 1 :], start=header_at + 2):
        values = {_key(f): (r[j] if j < len(r) else None) for j, f in positions.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        out.append((i, values))
    return out


def read(reg: Registry, path: Path) -> list[RawRow]:
    """(file row number, values keyed by live column or ``person_name``)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheet = load_workbook(path, data_only=True).worksheets[0]
        return _rows(reg, [list(r) for r in sheet.iter_rows(values_only=True)])
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise FileError("CSV 编码无法识别 / unknown CSV encoding")
        return _rows(reg, [list(r) for r in csv.reader(io.StringIO(text))])
    raise FileError(f"只支持 .xlsx 和 .csv / only .xlsx and .csv files: {path.name}")


def _sheet(reg: Registry, rows: list[Mapping[str, object]]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = reg.label
    ws.append([f.header for f in reg.fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    lists = wb.create_sheet("选项")
    lists.sheet_state = "hidden"
    col = 0
    for j, f in enumerate(reg.fields, start=1):
        letter = ws.cell(1, j).column_letter
        ws.column_dimensions[letter].width = 16
        if f.kind == "choice":
            col += 1
            for i, label in enumerate(f.choices.values(), start=1):
                lists.cell(i, col, label)
            ref = lists.cell(1, col).column_letter
            dv = DataValidation(
                type="list", formula1=f"'选项'!${ref}$1:${ref}${len(f.choices)}",
                allow_blank=not f.required, showErrorMessage=True,
                errorTitle="不在可选范围", error="请从下拉列表中选择 / pick from the list",
            )  # fmt: skip
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}10001")
    for r in rows:
        ws.append([_export_value(f, r) for f in reg.fields])
    return wb


def _export_value(f: Field, row: Mapping[str, object]) -> object:
    value = row.get(_key(f))
    if f.kind == "choice" and value in f.choices:
        return f.choices[str(value)]
    return value


def template(reg: Registry, path: Path) -> Path:
    _sheet(reg, []).save(path)
    return path


def export(
    reg: Registry, rows: list[Mapping[str, object]], names: Mapping[str, str], path: Path
) -> Path:
    """The live records as a file that imports back unchanged (ids kept)."""
    full = [{**r, "person_name": names.get(str(r.get("person_id")), None)} for r in rows]
    _sheet(reg, full).save(path)
    return path


def marked_copy(
    reg: Registry, rows: list[RawRow], problems: list[Problem], path: Path, lang: str = "zh"
) -> Path:
    """The rows as read, with each problem cell filled and commented, plus a report sheet."""
    wb = _sheet(reg, [])
    ws = wb.worksheets[0]
    headers = [f.header for f in reg.fields]
    for row_no, values in rows:
        for j, f in enumerate(reg.fields, start=1):
            ws.cell(row_no, j, values.get(_key(f)))
    for p in problems:
        j = headers.index(p.column) + 1 if p.column in headers else 1
        cell = ws.cell(max(p.row, 2), j)
        cell.fill = BAD if p.blocking else NOTE
        text = f"{p.problem}——{p.fix}\n{p.problem_en} — {p.fix_en}"
        cell.comment = Comment(f"{cell.comment.text}\n{text}" if cell.comment else text, "kpi")
    report = wb.create_sheet("问题清单")
    report.append(["行 row", "列 column", "问题 problem", "处理 what to do", "阻断 blocking"])
    for p in problems:
        report.append(
            [
                p.row,
                p.column,
                f"{p.problem} / {p.problem_en}",
                f"{p.fix} / {p.fix_en}",
                "是 yes" if p.blocking else "否 no",
            ]
        )
    wb.save(path)
    return path

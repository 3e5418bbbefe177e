"""Checks of a liaison's facts and people files before anything is scored.

Each problem names the file, the row (as the spreadsheet shows it: the header is row 1) and
the column. Errors stop `kpi score / explain / diff`; warnings are printed beside the result.

- errors: a required column missing, a column whose name is close to a known one (a mistyped
  column: ``valeu``, ``Kind``), a file with no records, merged cells (Excel), a source or kind
  not in the catalogue (case-sensitive, with "did you mean"), an ``activity_id`` used twice,
  no ``value`` column while the spec scores values, no record dated in the period, a
  ``person_id`` listed twice in the people file;
- warnings: other unknown columns (ignored), records of people not in the people file (not
  scored).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from kpi_warehouse.specs.catalog import SOURCES
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.problems import did_you_mean, listed

FIRST_DATA_ROW = 2  # row 1 is the header


@dataclass(frozen=True)
class FileProblem:
    file: str
    row: int | None
    column: str | None
    message_zh: str
    message_en: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" 第 {self.row} 行 / row {self.row}"
        if self.column:
            where += f" [{self.column}]"
        text = f"{where}: {self.message_zh} / {self.message_en}"
        return text if self.severity == "error" else f"警告 / warning: {text}"


def _rows(index: Iterable[int], limit: int = 5) -> tuple[int | None, str]:
    """The first spreadsheet row, and the rows listed for a message (shortened)."""
    rows = [int(i) + FIRST_DATA_ROW for i in index]
    if not rows:
        return None, ""
    more = f" … (+{len(rows) - limit})" if len(rows) > limit else ""
    return rows[0], ", ".join(map(str, rows[:limit])) + more


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    # As the scoring reads them (SQL trim): only ASCII spaces are trimmed, so a full-width
    # space left in a kind is caught here rather than silently matching nothing.
    values = frame[column].astype("string").str.strip(" ")
    return values.mask(values == "")


def column_problems(
    frame: pd.DataFrame, label: str, known: Sequence[str], required: Sequence[str]
) -> list[FileProblem]:
    out: list[FileProblem] = []
    columns = [str(c).strip() for c in frame.columns]
    for column in columns:
        if column in known:
            continue
        close = difflib.get_close_matches(column, list(known), n=1, cutoff=0.75)
        folded = [k for k in known if k.casefold() == column.casefold()]
        if (close or folded) and (close or folded)[0] not in columns:
            zh, en = did_you_mean(column, (close or folded)[:1])
            out.append(
                FileProblem(
                    label,
                    1,
                    column,
                    f"列名“{column}”不认识{zh}（列名区分大小写）",
                    f"unknown column '{column}'{en} (column names are case-sensitive)",
                )
            )
        else:
            out.append(
                FileProblem(
                    label,
                    1,
                    column,
                    f"列“{column}”不是考核用的列，已忽略；可用的列：{listed(known, 20)}",
                    f"column '{column}' is not used and was ignored; the columns are "
                    f"{listed(known, 20)}",
                    "warning",
                )
            )
    missing = [c for c in required if c not in columns]
    if missing:
        out.append(
            FileProblem(
                label,
                1,
                ", ".join(missing),
                f"缺少必填列：{', '.join(missing)}",
                f"required column(s) missing: {', '.join(missing)}",
            )
        )
    if frame.empty:
        out.append(
            FileProblem(
                label,
                None,
                None,
                "文件里没有记录（只有表头或是空文件）",
                "the file has no records (a header only, or empty)",
            )
        )
    return out


def _reads_values(rule: object) -> bool:
    kind = getattr(rule, "type", "")
    if kind == "rank_bands":
        return getattr(rule, "measure", None) != "count"
    return kind in ("direct", "mean_value", "rater_tiers", "reviewed_hierarchy")


def indicator_problems(
    frame: pd.DataFrame, label: str, specs: Sequence[Spec], source: pd.Series, kind: pd.Series
) -> list[FileProblem]:
    """Per indicator: its records need values when it scores values (error), and an
    indicator with no record at all is worth a look (warning: everyone scores its default)."""
    out: list[FileProblem] = []
    for spec in specs:
        for ind in spec.indicators:
            kinds = ind.kinds or ind.rule.kinds_read()
            rows = source == ind.source
            if kinds is not None:
                rows &= kind.isin(kinds)
            rows = rows.fillna(False).astype(bool)
            if not rows.any():
                out.append(
                    FileProblem(
                        label,
                        None,
                        None,
                        f"指标“{ind.name}”（{ind.id}）在文件中没有记录（来源 {ind.source}），"
                        "所有人该项都按没有记录计分",
                        f"indicator '{ind.id}' has no record in the file (source {ind.source}): "
                        "everyone scores it as having none",
                        "warning",
                    )
                )
            elif "value" not in frame.columns and _reads_values(ind.rule):
                first, listed_rows = _rows(frame.index[rows])
                out.append(
                    FileProblem(
                        label,
                        first,
                        "value",
                        f"缺少“value”列：指标“{ind.name}”（{ind.id}）按录入的数值计分，"
                        f"第 {listed_rows} 行的数值无处可读",
                        f"no 'value' column: indicator '{ind.id}' scores entered values, and "
                        f"rows {listed_rows} have none to read",
                    )
                )
    return out


def fact_problems(
    facts: pd.DataFrame, label: str, specs: Sequence[Spec], people: pd.DataFrame | None
) -> list[FileProblem]:
    """Problems of the facts' content (the columns are known to be present)."""
    out: list[FileProblem] = []
    frame = facts.rename(columns=lambda c: str(c).strip())
    source = _text(frame, "source")
    kind = _text(frame, "kind")
    for name in sorted(source.dropna().unique()):
        if name in SOURCES:
            continue
        first, rows = _rows(frame.index[source == name])
        zh, en = did_you_mean(name, SOURCES)
        out.append(
            FileProblem(
                label,
                first,
                "source",
                f"数据来源“{name}”不存在{zh or '，'}（第 {rows} 行）",
                f"unknown source '{name}'{en or ''} (rows {rows})",
            )
        )
    pairs = pd.DataFrame({"source": source, "kind": kind}).dropna()
    for (src, knd), group in pairs.groupby(["source", "kind"], sort=True):
        known = SOURCES.get(str(src))
        if known is None or knd in known:
            continue
        first, rows = _rows(group.index)
        zh, en = did_you_mean(str(knd), known)
        out.append(
            FileProblem(
                label,
                first,
                "kind",
                f"来源 {src} 没有“{knd}”这类记录{zh or '，'}（区分大小写；第 {rows} 行）",
                f"source {src} has no kind '{knd}'{en or ''} (case-sensitive; rows {rows})",
            )
        )
    for column in ("source", "kind", "person_id", "activity_date"):
        blank = _text(frame, column).isna()
        if column == "person_id" and "org_unit_id" in frame.columns:
            blank &= _text(frame, "org_unit_id").isna()  # a department's record has no person
        if blank.any():
            first, rows = _rows(frame.index[blank])
            out.append(
                FileProblem(
                    label,
                    first,
                    column,
                    f"“{column}”不能为空（第 {rows} 行）",
                    f"'{column}' must not be empty (rows {rows})",
                )
            )
    for column, low, high, zh_range in (
        ("share", 0.0, 1.0, "在 0 到 1 之间（不含 0）"),
        ("quantity", 0.0, None, "不小于 0"),
    ):
        if column not in frame.columns:
            continue
        number = pd.to_numeric(_text(frame, column), errors="coerce")
        bad = (number < low) | (number > high if high is not None else False)
        if column == "share":
            bad |= number == 0
        if bad.any():
            first, rows = _rows(frame.index[bad.fillna(False).astype(bool)])
            en_range = "in (0, 1]" if column == "share" else "at least 0"
            out.append(
                FileProblem(
                    label,
                    first,
                    column,
                    f"“{column}”应{zh_range}（第 {rows} 行）",
                    f"'{column}' must be {en_range} (rows {rows})",
                )
            )
    if "activity_id" in frame.columns:
        ids = _text(frame, "activity_id")
        dup = ids.notna() & ids.duplicated(keep=False)
        for value in ids[dup].unique()[:10]:
            first, rows = _rows(frame.index[ids == value])
            out.append(
                FileProblem(
                    label,
                    first,
                    "activity_id",
                    f"记录编号“{value}”重复（第 {rows} 行）：每条记录的编号必须不同",
                    f"activity_id '{value}' is used more than once (rows {rows}): each record "
                    "needs its own id",
                )
            )
    out += indicator_problems(frame, label, specs, source, kind)
    if people is not None and "person_id" in people.columns:
        listed_people = set(_text(people.rename(columns=lambda c: str(c).strip()), "person_id"))
        person = _text(frame, "person_id")
        unknown = person.notna() & ~person.isin(listed_people)
        if unknown.any():
            first, rows = _rows(frame.index[unknown])
            names = listed(sorted(person[unknown].unique()), 8)
            out.append(
                FileProblem(
                    label,
                    first,
                    "person_id",
                    f"{int(unknown.sum())} 条记录的人员不在人员文件中（{names}；第 {rows} 行），"
                    "这些记录不计分",
                    f"{int(unknown.sum())} record(s) of people not in the people file ({names}; "
                    f"rows {rows}) are not scored",
                    "warning",
                )
            )
    return out


def people_problems(people: pd.DataFrame, label: str) -> list[FileProblem]:
    frame = people.rename(columns=lambda c: str(c).strip())
    if "person_id" not in frame.columns:
        return []
    ids = _text(frame, "person_id")
    out = []
    for value in ids[ids.notna() & ids.duplicated(keep=False)].unique()[:10]:
        first, rows = _rows(frame.index[ids == value])
        out.append(
            FileProblem(
                label,
                first,
                "person_id",
                f"人员“{value}”出现了不止一次（第 {rows} 行）",
                f"person '{value}' is listed more than once (rows {rows})",
            )
        )
    return out

"""Row checks shared by single adds and file imports: every problem names the row, the
column, what is wrong and what to do, in Chinese and English.

The period rule (decision): period states do not exist yet, so a date is "in an open
period" when it falls in the current calendar year (``today`` is injectable for tests).
When period states arrive, replace :func:`open_period` with a look-up of open periods.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from kpi_warehouse.store.registries.spec import LEVEL_RANK, Field, Registry

Values = dict[str, object]


@dataclass(frozen=True)
class Problem:
    row: int  # file row (1 = header) or 0 for a single record
    column: str  # Chinese header
    problem: str
    fix: str
    problem_en: str
    fix_en: str
    blocking: bool = True

    def text(self, lang: str = "zh") -> str:
        if lang == "en":
            return f"row {self.row}, {self.column}: {self.problem_en} — {self.fix_en}"
        return f"第 {self.row} 行，{self.column}：{self.problem}——{self.fix}"


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str


class Directory:
    """The staff directory the checks resolve people against (id or unique name)."""

    def __init__(self, people: Iterable[Person]):
        self.by_id = {p.person_id: p for p in people}
        self.by_name: dict[str, list[Person]] = {}
        for p in self.by_id.values():
            self.by_name.setdefault(p.name, []).append(p)


def open_period(day: date, today: date) -> bool:
    return day.year == today.year


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    text = text.split(" ")[0].split("T")[0]
    try:
        y, m, d = (int(part) for part in text.split("-"))
        return date(y, m, d)
    except ValueError:
        return None


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RowChecker:
    """Checks one row at a time; remembers the file's rows to catch in-file duplicates."""

    def __init__(self, reg: Registry, directory: Directory, today: date):
        self.reg, self.directory, self.today = reg, directory, today
        self.problems: list[Problem] = []
        self._seen: dict[tuple[object, ...], int] = {}

    def _bad(self, row: int, f: Field, zh: str, fix: str, en: str, fix_en: str) -> None:
        self.problems.append(Problem(row, f.header, zh, fix, en, fix_en))

    def _field(self, row: int, f: Field, raw: object, period: bool = True) -> object:
        if blank(raw):
            if f.required:
                self._bad(row, f, "必填项为空", "请填写", "required value is empty", "fill it in")
            return None
        if f.kind == "choice":
            text = _cell(raw)
            by_label = {label: code for code, label in f.choices.items()}
            code = text if text in f.choices else by_label.get(text)
            if code is None:
                options = "、".join(f.choices.values())
                self._bad(
                    row,
                    f,
                    f"“{text}”不在可选范围内",
                    f"请从下拉列表中选择：{options}",
                    f"'{text}' is not in the list",
                    f"pick one of {', '.join(f.choices)}",
                )
            return code
        if f.kind == "date":
            day = parse_date(raw)
            if day is None:
                self._bad(
                    row,
                    f,
                    f"“{raw}”不是日期",
                    "请填写如 2026-03-15 的日期",
                    f"'{raw}' is not a date",
                    "write a date such as 2026-03-15",
                )
                return None
            if period and not open_period(day, self.today):
                self._bad(
                    row,
                    f,
                    f"日期 {day} 不在开放的考核期（{self.today.year} 年）内",
                    "请核对日期；已结束考核期的记录须由考核办重新开放后补登",
                    f"date {day} is outside the open period ({self.today.year})",
                    "check the date; closed periods must be reopened first",
                )
            return day.isoformat()
        if f.kind == "number":
            try:
                return float(_cell(raw))
            except ValueError:
                self._bad(
                    row,
                    f,
                    f"“{raw}”不是数字",
                    "请填写数字，如 3 或 -2.5",
                    f"'{raw}' is not a number",
                    "write a number such as 3 or -2.5",
                )
                return None
        if f.kind == "int":
            try:
                number = float(_cell(raw))
                if not number.is_integer() or number < 1:
                    raise ValueError
                return int(number)
            except ValueError:
                self._bad(
                    row,
                    f,
                    f"“{raw}”不是正整数",
                    "请填写 1、2、3 等整数",
                    f"'{raw}' is not a positive whole number",
                    "write 1, 2, 3 ...",
                )
                return None
        return _cell(raw)

    def _person(
        self, row: int, given_id: object, name: object, lenient: bool = False
    ) -> str | None:
        reg = self.reg
        pf = next(f for f in reg.fields if f.kind == "person_id")
        nf = next(f for f in reg.fields if f.kind == "person_name")
        if not blank(given_id):
            pid = _cell(given_id)
            person = self.directory.by_id.get(pid)
            if person is None and lenient:
                return pid  # compared with the existing record it claims to be
            if person is None:
                self._bad(
                    row,
                    pf,
                    f"人员编号 {pid} 不存在",
                    "请核对人员编号（见人员名录）",
                    f"no person with id {pid}",
                    "check the id in the staff directory",
                )
                return None
            if not blank(name) and _cell(name) != person.name:
                self._bad(
                    row,
                    nf,
                    f"姓名“{_cell(name)}”与人员编号 {pid}（{person.name}）不符",
                    "请核对姓名或人员编号",
                    f"name does not match person {pid}",
                    "correct the name or the id",
                )
            return pid
        if blank(name):
            return None
        found = self.directory.by_name.get(_cell(name), [])
        if not found:
            self._bad(
                row,
                nf,
                f"查无此人：{_cell(name)}",
                "请核对姓名，或填写人员编号",
                f"unknown person '{_cell(name)}'",
                "check the name or give the person id",
            )
            return None
        if len(found) > 1:
            ids = "、".join(p.person_id for p in found)
            self._bad(
                row,
                nf,
                f"姓名“{_cell(name)}”有 {len(found)} 人重名（{ids}）",
                "请填写人员编号以区分",
                f"'{_cell(name)}' is ambiguous ({ids})",
                "give the person id",
            )
            return None
        return found[0].person_id

    def check(self, row: int, raw: Mapping[str, object], period: bool = True) -> Values | None:
        """The row's values keyed by live column, or None if it has a blocking problem.
        ``period=False`` marks a row carrying the id of an existing record (an export read
        back): it is only normalised to be compared with that record, so the open-period
        rule, the directory look-up of its person id and the in-file duplicate rule are
        skipped (any difference from the record is refused by the caller)."""
        before = len(self.problems)
        reg = self.reg
        values: Values = {}
        for f in reg.fields:
            if f.kind in ("person_id", "person_name"):
                continue
            values[f.column] = self._field(row, f, raw.get(f.column), period)
        pid = self._person(row, raw.get("person_id"), raw.get("person_name"), not period)
        values["person_id"] = pid
        pf = next(f for f in reg.fields if f.kind == "person_id")
        if reg.table == "reg_awards":
            values["is_collective"] = 1 if pid is None and values.get("org_unit_id") else 0
            if pid is None and not values.get("org_unit_id") and len(self.problems) == before:
                self._bad(
                    row,
                    pf,
                    "个人表彰须填写人员，集体表彰须填写集体部门编号",
                    "请填写人员编号/姓名或集体部门编号",
                    "an award needs a person or a collective org unit",
                    "fill one in",
                )
        elif pid is None and len(self.problems) == before:
            self._bad(
                row,
                pf,
                "未填写人员",
                "请填写人员编号或姓名",
                "no person given",
                "give the person id or name",
            )
        if len(self.problems) > before:
            return None
        key = tuple(values.get(c) for c in reg.natural_key)
        if not period:
            return values
        if key in self._seen:
            self._bad(
                row,
                reg.fields[0],
                f"与第 {self._seen[key]} 行重复",
                "请删除重复的一行",
                f"duplicates row {self._seen[key]}",
                "delete one of the two rows",
            )
            return None
        self._seen[key] = row
        return values


def event_levels_notice(
    reg: Registry, rows: list[tuple[int, Values]], existing: list[Mapping[str, object]]
) -> list[Problem]:
    """Awards: one event at several levels is allowed and counted once at the highest; the
    report says so (a notice, not an error)."""
    if reg.table != "reg_awards":
        return []
    levels: dict[tuple[object, object, object], set[str]] = {}
    for r in [*existing, *(v for _, v in rows)]:
        k = (r.get("event_key"), r.get("person_id"), r.get("org_unit_id"))
        levels.setdefault(k, set()).add(str(r.get("award_level")))
    notes = []
    for row, v in rows:
        k = (v.get("event_key"), v.get("person_id"), v.get("org_unit_id"))
        if len(levels[k]) > 1:
            top = max(levels[k], key=lambda lv: LEVEL_RANK.get(lv, 0))
            notes.append(
                Problem(
                    row,
                    "事件编号",
                    f"事件 {k[0]} 登记了多个级别（{'、'.join(sorted(levels[k]))}）",
                    f"只按最高级别（{top}）计分一次，无需处理",
                    f"event {k[0]} is entered at several levels",
                    f"counted once at {top}",
                    blocking=False,
                )
            )
    return notes

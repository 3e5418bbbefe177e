"""Registry services, one function per act: add, edit, void, import. Each checks that the
actor keeps the registry (``access.require_owner``), writes the live table and appends a
history row (who, when, before, after, reason) in one transaction.

Voiding (decision): the staging models read the live ``reg_*`` tables as they are and have
no ``voided`` filter, and their columns must not change, so a voided record is DELETED from
the live table (it stops counting at the next build) and stays, whole, in
``kpi_record_history`` (act ``void``, ``before`` = the record, with the reason).

Two people editing one record (decision: compare-before): an edit or void carries the
record as its editor loaded it; the UPDATE/DELETE matches every column against it, and if
the row changed meanwhile nothing is written and :class:`Conflict` is raised.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.registries.access import require_owner
from kpi_warehouse.store.registries.checks import (
    Directory,
    Problem,
    RowChecker,
    event_levels_notice,
)
from kpi_warehouse.store.registries.spec import Registry, registry

Record = dict[str, object]


class Conflict(RuntimeError):
    """Someone else changed or voided the record since it was loaded."""


class Invalid(ValueError):
    """A record or file with problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems if p.blocking))


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)  # blocking and notices

    @property
    def ok(self) -> bool:
        return not any(p.blocking for p in self.problems)


def table(reg: Registry) -> sa.TableClause:
    return sa.table(reg.table, *(sa.column(c) for c in reg.columns))


def _content(reg: Registry, row: Mapping[str, object]) -> tuple[str | None, ...]:
    cols = [c for c in reg.columns if c not in (reg.id_column, "recorded_by", "updated_at")]
    return tuple(None if row.get(c) in (None, "") else str(row.get(c)) for c in cols)


def records(reg_name: str, url: str | None = None) -> list[Record]:
    reg = registry(reg_name)
    t = table(reg)
    with db.session(url) as s:
        return [dict(r._mapping) for r in s.execute(sa.select(t).order_by(t.c[reg.id_column]))]


def get(reg_name: str, record_id: str, url: str | None = None) -> Record | None:
    reg = registry(reg_name)
    t = table(reg)
    with db.session(url) as s:
        row = s.execute(sa.select(t).where(t.c[reg.id_column] == record_id)).first()
        return dict(row._mapping) if row else None


def _new_id(reg: Registry) -> str:
    return f"{reg.id_prefix}-{uuid.uuid4().hex[:10].upper()}"


def _stamp() -> str:
    return db.now().isoformat(timespec="seconds")


def _existing(s: Session, reg: Registry) -> list[Record]:
    return [dict(r._mapping) for r in s.execute(sa.select(table(reg)))]


def _key(reg: Registry, row: Mapping[str, object]) -> tuple[str | None, ...]:
    return tuple(None if row.get(c) in (None, "") else str(row.get(c)) for c in reg.natural_key)


def _plan(
    reg: Registry,
    rows: Sequence[tuple[int, Mapping[str, object]]],
    existing: list[Record],
    directory: Directory,
    today: date,
) -> tuple[list[Record], int, list[Problem]]:
    """(records to add, rows already present unchanged, problems) for checked rows."""
    checker = RowChecker(reg, directory, today)
    by_id = {str(r[reg.id_column]): r for r in existing}
    by_key = {_key(reg, r): r for r in existing}
    new: list[tuple[int, Record]] = []
    unchanged = 0
    id_field = reg.fields[0]
    for row_no, raw in rows:
        given = raw.get(reg.id_column)
        given_id = str(given).strip() if given not in (None, "") else None
        # A row carrying the id of an existing record (an export) is compared, not re-dated.
        values = checker.check(row_no, raw, period=given_id not in by_id)
        if values is None:
            continue
        same = by_id.get(given_id) if given_id else by_key.get(_key(reg, values))
        if same is not None:
            if _content(reg, same) == _content(reg, values):
                unchanged += 1
                continue
            what = f"编号 {same[reg.id_column]}"
            checker.problems.append(
                Problem(
                    row_no,
                    id_field.header,
                    f"与已有记录（{what}）重复但内容不同",
                    "导入只新增记录；如需修改已有记录，请在登记簿中编辑该记录",
                    f"duplicates existing record {same[reg.id_column]} with different content",
                    "imports only add; edit that record instead",
                )
            )
            continue
        values[reg.id_column] = given_id or _new_id(reg)
        new.append((row_no, values))
    notices = event_levels_notice(reg, new, existing)
    return [v for _, v in new], unchanged, checker.problems + notices


def import_rows(
    account: AccountView,
    reg_name: str,
    rows: Sequence[tuple[int, Mapping[str, object]]],
    directory: Directory,
    today: date | None = None,
    source: str | None = None,
    url: str | None = None,
) -> ImportResult:
    """Check every row; add all new records or (with any blocking problem) none."""
    reg = registry(reg_name)
    unit = require_owner(account, reg)
    today = today or db.now().date()
    batch = uuid.uuid4().hex[:12]
    with db.session(url) as s:
        new, unchanged, problems = _plan(reg, rows, _existing(s, reg), directory, today)
        result = ImportResult(unchanged=unchanged, problems=problems)
        if not result.ok:
            audit.append(
                s,
                account.actor,
                "registry_import",
                "rejected",
                reg.table,
                0,
                {"source": source, "problems": sum(p.blocking for p in problems)},
            )
            return result
        stamp = _stamp()
        for values in new:
            values.update(recorded_by=unit, updated_at=stamp)
        if new:
            s.execute(sa.insert(table(reg)), new)
        history.append_many(
            s, account.actor, reg.table, reg.id_column, new, "import", reason=source, batch=batch
        )
        result.added = [str(v[reg.id_column]) for v in new]
        audit.append(
            s,
            account.actor,
            "registry_import",
            "ok",
            reg.table,
            len(new),
            {"source": source, "unchanged": unchanged, "batch": batch},
        )
    return result


def add(
    account: AccountView,
    reg_name: str,
    values: Mapping[str, object],
    directory: Directory,
    today: date | None = None,
    reason: str | None = None,
    url: str | None = None,
) -> Record:
    """Add one record (values keyed by live column; ``person_name`` may stand for the id)."""
    result = import_rows(account, reg_name, [(0, values)], directory, today, reason, url)
    if not result.ok:
        raise Invalid(result.problems)
    if not result.added:
        raise Invalid(
            [
                Problem(
                    0,
                    "编号",
                    "该记录已存在",
                    "无需重复登记",
                    "the record already exists",
                    "nothing to add",
                )
            ]
        )
    return get(reg_name, result.added[0], url) or {}


def _match(t: sa.TableClause, expected: Mapping[str, object]) -> list[sa.ColumnElement[bool]]:
    return [t.c[c].is_(None) if v is None else t.c[c] == v for c, v in expected.items() if c in t.c]


def _need_reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise Invalid(
            [
                Problem(
                    0,
                    "原因",
                    "修改或作废须填写原因",
                    "请填写原因",
                    "a change or void needs a reason",
                    "give a reason",
                )
            ]
        )
    return reason.strip()


def edit(
    account: AccountView,
    reg_name: str,
    expected: Mapping[str, object],
    changes: Mapping[str, object],
    reason: str,
    directory: Directory,
    today: date | None = None,
    url: str | None = None,
) -> Record:
    """Change a record loaded as ``expected``; Conflict if it changed meanwhile."""
    reg = registry(reg_name)
    unit = require_owner(account, reg)
    reason = _need_reason(reason)
    rid = str(expected[reg.id_column])
    merged = {**expected, **changes}
    checker = RowChecker(reg, directory, today or db.now().date())
    values = checker.check(0, merged)
    if values is None:
        raise Invalid(checker.problems)
    t = table(reg)
    with db.session(url) as s:
        others = [r for r in _existing(s, reg) if str(r[reg.id_column]) != rid]
        if any(_key(reg, r) == _key(reg, values) for r in others):
            raise Invalid(
                [
                    Problem(
                        0,
                        "编号",
                        "修改后与另一条记录重复",
                        "请核对",
                        "the change duplicates another record",
                        "check it",
                    )
                ]
            )
        after = {**values, reg.id_column: rid, "recorded_by": unit, "updated_at": _stamp()}
        done = s.execute(sa.update(t).where(*_match(t, expected)).values(**after))
        if done.rowcount != 1:
            raise Conflict(
                f"记录 {rid} 已被他人修改或作废，未保存；请重新打开后再改 / record {rid} was "
                "changed or voided by someone else since you opened it; nothing was saved — "
                "reload it and try again"
            )
        history.append(s, account.actor, reg.table, rid, "edit", dict(expected), after, reason)
        audit.append(s, account.actor, "registry_edit", "ok", f"{reg.table}:{rid}", 1)
    return after


def void(
    account: AccountView,
    reg_name: str,
    expected: Mapping[str, object],
    reason: str,
    url: str | None = None,
) -> None:
    """Remove a record from the live table (it stops counting); the history keeps it."""
    reg = registry(reg_name)
    require_owner(account, reg)
    reason = _need_reason(reason)
    rid = str(expected[reg.id_column])
    t = table(reg)
    with db.session(url) as s:
        done = s.execute(sa.delete(t).where(*_match(t, expected)))
        if done.rowcount != 1:
            raise Conflict(
                f"记录 {rid} 已被他人修改或作废，未作废 / record {rid} was changed or voided "
                "by someone else since you opened it; nothing was voided"
            )
        history.append(s, account.actor, reg.table, rid, "void", dict(expected), None, reason)
        audit.append(s, account.actor, "registry_void", "ok", f"{reg.table}:{rid}", 1)


@dataclass(frozen=True)
class Voided:
    record: Record  # as it was when voided
    reason: str | None
    at: object
    actor: str


def voided(reg_name: str, url: str | None = None) -> list[Voided]:
    """Records voided and not live again, oldest first (from the history)."""
    import json

    reg = registry(reg_name)
    live = {str(r[reg.id_column]) for r in records(reg_name, url)}
    out: dict[str, Voided] = {}
    for h in history.of(reg.table, url=url):
        if h.act == "void" and h.before and h.record_id not in live:
            out[h.record_id] = Voided(json.loads(h.before), h.reason, h.at, h.actor)
    return list(out.values())

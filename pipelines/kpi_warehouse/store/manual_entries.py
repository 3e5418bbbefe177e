"""Reviewed manual entry (补录): a clerk enters values for indicators whose source is
manual, a reviewer (never the entrant) approves or rejects with a reason, a rejected entry
goes back to its clerk to fix. One function per act; each checks the role, writes
``manual_entries`` and appends ``kpi_record_history`` in one transaction. Only approved
entries are scored (the staging/fact models filter on ``review_status``/``reviewed_by``).

``entered_by`` and ``reviewed_by`` hold the accounts' ``person_id`` (as the demo does), so
"not your own entry" compares people, not account names: a second account of the same
person cannot approve either.

Items (decision): the manual items the demo and the specs use — routine_work, key_project,
reward, penalty — are listed here; a penalty is entered as a negative value.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date

import sqlalchemy as sa

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.registries.checks import Directory, Problem, RowChecker
from kpi_warehouse.store.registries.service import Conflict, ImportResult, Invalid
from kpi_warehouse.store.registries.spec import NAME, PERSON, Field, Registry
from kpi_warehouse.store.roles import Role

TABLE = "manual_entries"
ITEMS = {
    "routine_work": "常规工作",
    "key_project": "重点项目",
    "reward": "奖励加分",
    "penalty": "扣分",
}
COLUMNS = ("entry_id", "person_id", "item", "value", "entry_date", "description",
           "entered_by", "reviewed_by", "review_status", "reviewed_at", "updated_at")  # fmt: skip
SPEC = Registry(
    "entries", TABLE, "entry_id", "ME", "补录数据", "", "",
    (
        Field("entry_id", "编号", "entry id", required=False),
        PERSON, NAME,
        Field("item", "事项", "item", "choice", choices=ITEMS),
        Field("value", "分值", "value", "number"),
        Field("entry_date", "日期", "date", "date"),
        Field("description", "说明", "description"),
    ),
    ("person_id", "item", "entry_date", "description"), "entry_date",
)  # fmt: skip
QUEUES = ("mine", "review", "rejected", "all")

_t = sa.table(TABLE, *(sa.column(c) for c in COLUMNS))


def _require(account: AccountView, role: Role) -> str:
    if account.disabled or role.value not in account.roles or not account.person_id:
        raise NotAllowed(
            f"{account.username} 没有{'录入' if role == Role.CLERK else '审核'}权限 / "
            f"{account.username} is not a {role.value} bound to a person"
        )
    return account.person_id


def _rows(s: sa.orm.Session) -> list[dict[str, object]]:
    return [dict(r._mapping) for r in s.execute(sa.select(_t))]


def _key(row: Mapping[str, object]) -> tuple[str, ...]:
    return tuple(str(row.get(c)) for c in SPEC.natural_key)


def import_rows(
    account: AccountView,
    rows: Sequence[tuple[int, Mapping[str, object]]],
    directory: Directory,
    today: date | None = None,
    source: str | None = None,
    url: str | None = None,
) -> ImportResult:
    """Check every row; add all as pending entries or (with any problem) none. A row
    already present unchanged is skipped, so importing a file twice adds nothing."""
    clerk = _require(account, Role.CLERK)
    checker = RowChecker(SPEC, directory, today or db.now().date())
    batch = uuid.uuid4().hex[:12]
    with db.session(url) as s:
        existing = {_key(r) for r in _rows(s)}
        result = ImportResult()
        new = []
        for row_no, raw in rows:
            values = checker.check(row_no, raw)
            if values is None:
                continue
            if _key(values) in existing:
                result.unchanged += 1
                continue
            new.append(values)
        result.problems = checker.problems
        if not result.ok:
            audit.append(s, account.actor, "entry_import", "rejected", TABLE, 0,
                         {"source": source})  # fmt: skip
            return result
        stamp = db.now().isoformat(timespec="seconds")
        for values in new:
            values.update(entry_id=f"ME-{uuid.uuid4().hex[:10].upper()}", entered_by=clerk,
                          reviewed_by=None, review_status="pending", reviewed_at=None,
                          updated_at=stamp)  # fmt: skip
            s.execute(sa.insert(_t).values(**values))
            history.append(s, account.actor, TABLE, str(values["entry_id"]), "add", None,
                           values, reason=source, batch=batch)  # fmt: skip
            result.added.append(str(values["entry_id"]))
        audit.append(s, account.actor, "entry_import", "ok", TABLE, len(new), {"source": source})
    return result


def add(account: AccountView, values: Mapping[str, object], directory: Directory,
        today: date | None = None, url: str | None = None) -> str:  # fmt: skip
    """One entry from the form; its id."""
    result = import_rows(account, [(0, values)], directory, today, "form", url)
    if not result.ok:
        raise Invalid(result.problems)
    if not result.added:
        raise Invalid([Problem(0, "编号", "该条补录已存在", "无需重复录入",
                               "this entry already exists", "nothing to add")])  # fmt: skip
    return result.added[0]


def get(entry_id: str, url: str | None = None) -> dict[str, object] | None:
    with db.session(url) as s:
        row = s.execute(sa.select(_t).where(_t.c.entry_id == entry_id)).first()
        return dict(row._mapping) if row else None


def _review(account: AccountView, entry_id: str, status: str, reason: str | None,
            url: str | None) -> dict[str, object]:  # fmt: skip
    reviewer = _require(account, Role.REVIEWER)
    with db.session(url) as s:
        row = s.execute(sa.select(_t).where(_t.c.entry_id == entry_id)).first()
        if row is None:
            raise Invalid([Problem(0, "编号", f"没有补录 {entry_id}", "请核对编号",
                                   f"no entry {entry_id}", "check the id")])  # fmt: skip
        before = dict(row._mapping)
        if before["entered_by"] == reviewer:
            raise NotAllowed(
                f"不能审核本人录入的补录 {entry_id} / you may not review your own entry {entry_id}"
            )
        stamp = db.now().isoformat(timespec="seconds")
        after = {**before, "review_status": status, "reviewed_by": reviewer,
                 "reviewed_at": stamp, "updated_at": stamp}  # fmt: skip
        done = s.execute(
            sa.update(_t)
            .where(
                _t.c.entry_id == entry_id,
                _t.c.review_status == "pending",
                _t.c.updated_at == before["updated_at"],
            )  # fmt: skip
            .values(**after)
        )
        if done.rowcount != 1:
            raise Conflict(
                f"补录 {entry_id} 已不是待审核状态（{before['review_status']}），未保存 / entry "
                f"{entry_id} is no longer pending ({before['review_status']}); nothing saved"
            )
        history.append(s, account.actor, TABLE, entry_id, status, before, after, reason)
        audit.append(s, account.actor, f"entry_{status}", "ok", f"{TABLE}:{entry_id}", 1)
        return after


def approve(account: AccountView, entry_id: str, url: str | None = None) -> dict[str, object]:
    return _review(account, entry_id, "approved", None, url)


def reject(account: AccountView, entry_id: str, reason: str,
           url: str | None = None) -> dict[str, object]:  # fmt: skip
    if not reason or not reason.strip():
        raise Invalid([Problem(0, "原因", "退回须填写原因", "请填写原因",
                               "a rejection needs a reason", "give a reason")])  # fmt: skip
    return _review(account, entry_id, "rejected", reason.strip(), url)


def fix(account: AccountView, entry_id: str, changes: Mapping[str, object],
        directory: Directory, today: date | None = None,
        url: str | None = None) -> dict[str, object]:  # fmt: skip
    """The entrant corrects a rejected entry; it goes back to pending review."""
    clerk = _require(account, Role.CLERK)
    before = get(entry_id, url)
    if before is None or before["entered_by"] != clerk or before["review_status"] != "rejected":
        raise NotAllowed("只能修改本人被退回的补录 / you may only fix your own rejected entry")
    checker = RowChecker(SPEC, directory, today or db.now().date())
    values = checker.check(0, {**before, **changes})
    if values is None:
        raise Invalid(checker.problems)
    stamp = db.now().isoformat(timespec="seconds")
    after = {**before, **values, "entry_id": entry_id, "review_status": "pending",
             "reviewed_by": None, "reviewed_at": None, "updated_at": stamp}  # fmt: skip
    with db.session(url) as s:
        done = s.execute(sa.update(_t).where(
            _t.c.entry_id == entry_id, _t.c.updated_at == before["updated_at"],
            _t.c.review_status == "rejected").values(**after))  # fmt: skip
        if done.rowcount != 1:
            raise Conflict(f"补录 {entry_id} 已被他人修改 / entry {entry_id} changed meanwhile")
        history.append(s, account.actor, TABLE, entry_id, "fix", before, after, "resubmitted")
        audit.append(s, account.actor, "entry_fix", "ok", f"{TABLE}:{entry_id}", 1)
    return after


def queue(account: AccountView, which: str, url: str | None = None) -> list[dict[str, object]]:
    """mine: my entries; review: pending entries I may review (not mine); rejected: mine
    that were sent back; all: every entry (reviewer or clerk)."""
    if which not in QUEUES:
        raise ValueError(f"未知队列 / unknown queue {which}; one of {' '.join(QUEUES)}")
    if not ({Role.CLERK.value, Role.REVIEWER.value} & set(account.roles)) or account.disabled:
        raise NotAllowed(f"{account.username} 无补录权限 / {account.username} may not see entries")
    me = account.person_id
    query = sa.select(_t).order_by(_t.c.entry_id)
    if which == "mine":
        query = query.where(_t.c.entered_by == me)
    elif which == "review":
        _require(account, Role.REVIEWER)
        query = query.where(_t.c.review_status == "pending", _t.c.entered_by != me)
    elif which == "rejected":
        query = query.where(_t.c.entered_by == me, _t.c.review_status == "rejected")
    with db.session(url) as s:
        return [dict(r._mapping) for r in s.execute(query)]


def reject_reasons(url: str | None = None) -> dict[str, str]:
    """entry id -> the reason of its latest rejection (from the history)."""
    reasons: dict[str, str] = {}
    for h in history.of(TABLE, url=url):
        if h.act == "rejected" and h.reason:
            reasons[h.record_id] = h.reason
    return reasons


def fixed_ids(url: str | None = None) -> set[str]:
    """Entries corrected and resubmitted after a rejection at least once."""
    return {h.record_id for h in history.of(TABLE, url=url) if h.act == "fix"}


def status_counts(person_ids: Sequence[str], first: date, last: date,
                  url: str | None = None) -> dict[str, int]:  # fmt: skip
    """Entries for these people dated first..last, by review status (pending, ...)."""
    counts = {"approved": 0, "pending": 0, "rejected": 0}
    if not person_ids:
        return counts
    query = (
        sa.select(_t.c.review_status, sa.func.count())
        .where(_t.c.person_id.in_(list(person_ids)),
               _t.c.entry_date >= first.isoformat(), _t.c.entry_date <= last.isoformat())
        .group_by(_t.c.review_status)
    )  # fmt: skip
    with db.session(url) as s:
        for status, n in s.execute(query):
            counts[str(status)] = int(n)
    return counts

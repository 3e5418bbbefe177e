"""Appeals (申诉): after a period is published, an appraisee appeals their grade or one
indicator within the spec's window, with a reason and an optional attachment; the appraisal
office answers in writing within the answer deadline, upholding (with the correction that
puts it right: a reviewed manual entry or a registry record, by id) or dismissing.

One function per act; each checks the actor, writes ``kpi_appeal``, appends
``kpi_record_history`` and the audit log in one transaction. Results are read from the
published snapshot only through the scope layer, as the acting account sees them:

- *before* is the appellant's result when filing (total, grade, rank; the indicator's
  points for an indicator appeal), kept in the appeal;
- *after* is the same result in the first snapshot built after the decision (the next
  build scores the correction); until then the outcome shows "awaiting the next build".

Nobody decides their own appeal: the decider's person and account must both differ from
the appellant's, and the appellant must be within the decider's scope.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.appeal_models import Appeal, PeriodPublication
from kpi_warehouse.store.appeal_rules import (
    DEFAULT_ANSWER_DAYS,
    DEFAULT_WINDOW_DAYS,
    MAX_ATTACHMENT_BYTES,
    Refused,
    answer_due,
    is_overdue,
    require_decider,
    window_closes,
)
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.scope import Scope, scope_for, scoped_connection

TABLE = "kpi_appeal"
ENTRY_TABLE = "manual_entries"


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    media_type: str = "application/octet-stream"


@dataclass(frozen=True)
class AppealView:
    """An appeal as pages and the CLI show it (no attachment bytes)."""

    appeal_id: str
    period_id: str
    person_id: str
    filed_by: str
    indicator_id: str | None
    reason: str
    attachment_name: str | None
    filed_at: datetime
    window_closes: date
    answer_due: date
    status: str
    answer: str | None
    decided_by: str | None
    decided_at: datetime | None
    correction_kind: str | None
    correction_id: str | None
    before: dict[str, object]
    overdue: bool


def _view(row: Appeal, today: date) -> AppealView:
    return AppealView(
        row.appeal_id, row.period_id, row.person_id, row.filed_by, row.indicator_id,
        row.reason, row.attachment_name, row.filed_at, row.window_closes, row.answer_due,
        row.status, row.answer, row.decided_by, row.decided_at, row.correction_kind,
        row.correction_id, json.loads(row.before_json or "{}"),
        is_overdue(row.status, row.answer_due, today),
    )  # fmt: skip


def _record(row: Appeal) -> dict[str, object]:
    """The appeal's columns for the history (the attachment by name and size only)."""
    out = {c.key: getattr(row, c.key) for c in Appeal.__table__.columns if c.key != "attachment"}
    return out


# --- reading results through the scope layer --------------------------------------------

RESULT_SQL = (
    "SELECT spec_id, spec_version, total, grade, rank_in_category, category_size "
    "FROM fct_appraisal WHERE appraisee_type = 'person' AND appraisee_id = ? "
    "AND period_id = ? ORDER BY spec_id LIMIT 1"
)
INDICATOR_SQL = (
    "SELECT indicator_name, points FROM fct_indicator_score WHERE appraisee_type = 'person' "
    "AND appraisee_id = ? AND period_id = ? AND indicator_id = ? ORDER BY spec_id LIMIT 1"
)


def _number(value: object) -> float | None:
    return None if value is None else round(float(value), 4)


def read_result(
    scope: Scope, snapshot: Path, person_id: str, period_id: str, indicator_id: str | None
) -> dict[str, object] | None:
    """The person's result for the period as ``scope`` sees it (None: none visible)."""
    with scoped_connection(scope, snapshot) as con:
        row = con.execute(RESULT_SQL, [person_id, period_id]).fetchone()
        if row is None:
            return None
        spec_id, version, total, grade, rank, size = row
        out: dict[str, object] = {
            "spec_id": spec_id, "spec_version": version, "total": _number(total),
            "grade": grade, "rank": rank, "category_size": size,
        }  # fmt: skip
        if indicator_id:
            found = con.execute(INDICATOR_SQL, [person_id, period_id, indicator_id]).fetchone()
            if found is None:
                return {**out, "indicator_missing": True}
            out.update(indicator_id=indicator_id, indicator_name=found[0],
                       points=_number(found[1]))  # fmt: skip
        built = con.execute("SELECT max(built_at) FROM meta_snapshot").fetchone()
        out["built_at"] = built[0].isoformat() if built and built[0] else None
        days = _appeal_days(con, spec_id, version)
        out["window_days"], out["answer_days"] = days
    return out


def _appeal_days(con, spec_id: str, version: str) -> tuple[int, int]:
    """The spec's ``appeals.window_days`` and ``answer_days`` (from ``dim_spec`` when the
    snapshot has it), else Template 15's 10 and 10."""
    found = con.execute("SELECT view_name FROM duckdb_views() WHERE temporary").fetchall()
    views = {r[0] for r in found}
    if "dim_spec" not in views:
        return DEFAULT_WINDOW_DAYS, DEFAULT_ANSWER_DAYS
    row = con.execute(
        "SELECT json_extract(spec_json, '$.appeals.window_days'), "
        "json_extract(spec_json, '$.appeals.answer_days') FROM dim_spec "
        "WHERE spec_id = ? AND spec_version = ?",
        [spec_id, version],
    ).fetchone()
    if row is None:
        return DEFAULT_WINDOW_DAYS, DEFAULT_ANSWER_DAYS
    window = int(row[0]) if row[0] is not None else DEFAULT_WINDOW_DAYS
    answer = int(row[1]) if row[1] is not None else DEFAULT_ANSWER_DAYS
    return window, answer


# --- acts --------------------------------------------------------------------------------


def _refuse(account: AccountView, action: str, target: str, message: str,
            url: str | None) -> Refused:  # fmt: skip
    """Log the refusal (its own transaction) and return the error to raise."""
    audit.record(account.actor, action, "refused", target, detail={"reason": message}, url=url)
    return Refused(message)


def _pending_same(period_id: str, person: str, indicator_id: str | None,
                  url: str | None) -> str | None:  # fmt: skip
    same = Appeal.indicator_id.is_(None) if indicator_id is None else (
        Appeal.indicator_id == indicator_id)  # fmt: skip
    with db.session(url) as s:
        return s.scalar(
            sa.select(Appeal.appeal_id).where(
                Appeal.period_id == period_id,
                Appeal.person_id == person,
                Appeal.status == "pending",
                same,
            )  # fmt: skip
        )


def file(
    account: AccountView,
    period_id: str,
    reason: str,
    snapshot: Path,
    indicator_id: str | None = None,
    attachment: Attachment | None = None,
    at: datetime | None = None,
    url: str | None = None,
    batch: str | None = None,
) -> str:
    """File an appeal against the account's own result of ``period_id``; its id."""
    if account.disabled or not account.person_id:
        raise NotAllowed(
            f"{account.username} 未绑定人员，不能申诉 / {account.username} is bound to no "
            "person and cannot appeal"
        )
    reason = (reason or "").strip()
    if not reason:
        raise Refused("申诉须写明理由 / an appeal needs a reason")
    indicator_id = (indicator_id or "").strip() or None
    if attachment is not None and len(attachment.content) > MAX_ATTACHMENT_BYTES:
        mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        raise Refused(f"附件超过 {mb} MB / the attachment is larger than {mb} MB")
    stamp = at or db.now()
    person = account.person_id
    target = f"period:{period_id}"
    publication = _publication(period_id, url)
    if publication is None:
        raise _refuse(account, "appeal_file", target,
                      f"考核期 {period_id} 尚未发布，不能申诉 / period {period_id} is not "
                      "published; nothing to appeal yet", url)  # fmt: skip
    before = read_result(scope_for(account, url), snapshot, person, period_id, indicator_id)
    if before is None:
        raise _refuse(account, "appeal_file", target,
                      f"{period_id} 没有您的考核结果 / you have no result in {period_id}",
                      url)  # fmt: skip
    if before.get("indicator_missing"):
        raise _refuse(account, "appeal_file", target,
                      f"您在 {period_id} 没有指标 {indicator_id} / you have no indicator "
                      f"{indicator_id} in {period_id}", url)  # fmt: skip
    window_days = int(before.pop("window_days"))  # type: ignore[call-overload]
    answer_days = int(before.pop("answer_days"))  # type: ignore[call-overload]
    closes = window_closes(publication.published_at, window_days)
    if stamp.date() > closes:
        raise _refuse(account, "appeal_file", target,
                      f"申诉期已过：{period_id} 于 {publication.published_at:%Y-%m-%d} 发布，"
                      f"应在 {closes:%Y-%m-%d} 前提出 / the appeal window has closed: "
                      f"{period_id} was published on {publication.published_at:%Y-%m-%d}; "
                      f"appeals were due by {closes:%Y-%m-%d}", url)  # fmt: skip
    duplicate = _pending_same(period_id, person, indicator_id, url)
    if duplicate:
        raise _refuse(account, "appeal_file", target,
                      f"同一事项已有待答复的申诉 {duplicate} / appeal {duplicate} on the same "
                      "matter is still pending", url)  # fmt: skip
    with db.session(url) as s:
        row = Appeal(
            appeal_id=f"AP-{uuid.uuid4().hex[:10].upper()}",
            period_id=period_id, person_id=person, filed_by=account.username,
            filed_by_account_id=account.account_id, indicator_id=indicator_id,
            spec_id=before.get("spec_id"), spec_version=before.get("spec_version"),
            reason=reason,
            attachment_name=attachment.name[:255] if attachment else None,
            attachment_type=attachment.media_type[:128] if attachment else None,
            attachment=attachment.content if attachment else None,
            filed_at=stamp, window_closes=closes, answer_due=answer_due(stamp, answer_days),
            before_json=json.dumps(before, ensure_ascii=False, sort_keys=True),
            status="pending", updated_at=stamp,
        )  # fmt: skip
        s.add(row)
        s.flush()
        after = _record(row)
        if attachment:
            after["attachment_bytes"] = len(attachment.content)
        history.append(s, account.actor, TABLE, row.appeal_id, "file", None, after, reason,
                       batch=batch)  # fmt: skip
        audit.append(s, account.actor, "appeal_file", "ok", f"appeal:{row.appeal_id}",
                     detail={"period": period_id, "indicator": indicator_id})  # fmt: skip
        return row.appeal_id


def _publication(period_id: str, url: str | None) -> PeriodPublication | None:
    with db.session(url) as s:
        return s.get(PeriodPublication, period_id)


def _correction(kind_and_id: str, person_id: str, url: str | None) -> tuple[str, str]:
    """("entry" | "registry:<name>", id) of the correcting record, which must be an approved
    manual entry or a live registry record of the appellant."""
    from kpi_warehouse.store import manual_entries
    from kpi_warehouse.store.registries import service
    from kpi_warehouse.store.registries.spec import REGISTRIES

    record_id = kind_and_id.strip()
    entry = manual_entries.get(record_id, url)
    if entry is not None:
        if entry["person_id"] != person_id:
            raise Refused(f"补录 {record_id} 不是申诉人的 / entry {record_id} is not the "
                          "appellant's")  # fmt: skip
        if entry["review_status"] != "approved":
            raise Refused(
                f"补录 {record_id} 尚未审核通过（{entry['review_status']}），未审核的数据不计分 / "
                f"entry {record_id} is not approved ({entry['review_status']}); unreviewed "
                "entries are not scored"
            )
        return "entry", record_id
    for name in REGISTRIES:
        found = service.get(name, record_id, url)
        if found is not None:
            if str(found.get("person_id")) != person_id:
                raise Refused(f"登记记录 {record_id} 不是申诉人的 / registry record {record_id} "
                              "is not the appellant's")  # fmt: skip
            return f"registry:{name}", record_id
    raise Refused(
        f"没有补录或登记记录 {record_id}（申诉成立须关联更正） / no manual entry or registry "
        f"record {record_id} (an upheld appeal names its correction)"
    )


def decide(
    account: AccountView,
    appeal_id: str,
    uphold: bool,
    answer: str,
    snapshot: Path,
    correction: str | None = None,
    at: datetime | None = None,
    url: str | None = None,
    batch: str | None = None,
) -> AppealView:
    """The appraisal office's written answer: uphold (with its correction) or dismiss."""
    require_decider(account)
    answer = (answer or "").strip()
    if not answer:
        raise Refused("答复须书面写明 / the answer must be written out")
    with db.session(url) as s:
        row = s.get(Appeal, appeal_id)
        if row is None:
            raise Refused(f"没有申诉 {appeal_id} / no appeal {appeal_id}")
        person, status = row.person_id, row.status
        own = person == account.person_id or row.filed_by_account_id == account.account_id
    target = f"appeal:{appeal_id}"
    if own:
        audit.record(account.actor, "appeal_decide", "refused", target,
                     detail={"reason": "own appeal"}, url=url)  # fmt: skip
        raise NotAllowed(f"不能答复本人的申诉 {appeal_id} / you may not decide your own appeal "
                         f"{appeal_id}")  # fmt: skip
    from kpi_warehouse.store.scope import denied

    if denied(scope_for(account, url), snapshot, {"person": person}):
        audit.record(account.actor, "appeal_decide", "refused", target,
                     detail={"reason": "outside scope"}, url=url)  # fmt: skip
        raise NotAllowed(f"申诉人不在您的考核范围内 / the appellant of {appeal_id} is outside "
                         "your scope")  # fmt: skip
    if status != "pending":
        raise Refused(f"申诉 {appeal_id} 已答复（{status}） / appeal {appeal_id} is already "
                      f"decided ({status})")  # fmt: skip
    kind = fixed = None
    if uphold:
        if not correction or not correction.strip():
            raise Refused("申诉成立须关联更正记录（补录或登记记录编号） / an upheld appeal names "
                          "its correction (a manual entry or registry record id)")  # fmt: skip
        kind, fixed = _correction(correction, person, url)
    stamp = at or db.now()
    with db.session(url) as s:
        row = s.get(Appeal, appeal_id)
        before = _record(row)
        done = s.execute(
            sa.update(Appeal)
            .where(Appeal.appeal_id == appeal_id, Appeal.status == "pending")
            .values(
                status="upheld" if uphold else "dismissed",
                answer=answer,
                decided_by=account.username,
                decided_by_person=account.person_id,
                decided_by_account_id=account.account_id,
                decided_at=stamp,
                correction_kind=kind,
                correction_id=fixed,
                updated_at=stamp,
            )  # fmt: skip
        )
        if done.rowcount != 1:
            raise Refused(f"申诉 {appeal_id} 已被他人答复 / appeal {appeal_id} was decided "
                          "meanwhile")  # fmt: skip
        s.expire(row)
        after = _record(s.get(Appeal, appeal_id))
        act = "uphold" if uphold else "dismiss"
        history.append(s, account.actor, TABLE, appeal_id, act, before, after, answer,
                       batch=batch)  # fmt: skip
        audit.append(s, account.actor, f"appeal_{act}", "ok", target,
                     detail={"correction": fixed} if fixed else None)  # fmt: skip
        return _view(s.get(Appeal, appeal_id), stamp.date())


# --- lists and outcomes ------------------------------------------------------------------


def _list(query, today: date | None, url: str | None) -> list[AppealView]:
    day = today or db.now().date()
    with db.session(url) as s:
        return [_view(r, day) for r in s.scalars(query.order_by(Appeal.filed_at.desc()))]


def own(
    account: AccountView, today: date | None = None, url: str | None = None
) -> list[AppealView]:
    """The account's person's appeals, newest first."""
    if not account.person_id:
        return []
    return _list(sa.select(Appeal).where(Appeal.person_id == account.person_id), today, url)


def every(status: str | None = None, today: date | None = None,
          url: str | None = None) -> list[AppealView]:  # fmt: skip
    """All appeals (the operator's `kpi appeal list` without --user)."""
    query = sa.select(Appeal)
    if status:
        query = query.where(Appeal.status == status)
    return _list(query, today, url)


def queue(
    account: AccountView, snapshot: Path, today: date | None = None, url: str | None = None
) -> list[AppealView]:
    """The appraisal office's queue: appeals of the people within its scope (its own
    appeals included, shown but not decidable), newest first."""
    require_decider(account)
    from kpi_warehouse.store.scope import scorecard_people

    people = scorecard_people(scope_for(account, url), snapshot)
    return [a for a in every(None, today, url) if a.person_id in people]


def get(appeal_id: str, today: date | None = None, url: str | None = None) -> AppealView | None:
    with db.session(url) as s:
        row = s.get(Appeal, appeal_id)
        return None if row is None else _view(row, today or db.now().date())


def attachment(account: AccountView, appeal_id: str, snapshot: Path,
               url: str | None = None) -> Attachment | None:  # fmt: skip
    """The appeal's attachment, for its appellant or an appraisal office that may see the
    appellant; None when there is none."""
    with db.session(url) as s:
        row = s.execute(
            sa.select(
                Appeal.person_id, Appeal.attachment_name, Appeal.attachment_type, Appeal.attachment
            ).where(Appeal.appeal_id == appeal_id)  # fmt: skip
        ).first()
    if row is None or row.attachment is None:
        return None
    from kpi_warehouse.store.appeal_rules import may_decide
    from kpi_warehouse.store.scope import denied

    mine = row.person_id == account.person_id
    if not mine and not (
        may_decide(account)
        and not denied(scope_for(account, url), snapshot, {"person": row.person_id})
    ):
        raise NotAllowed(f"无权查看申诉 {appeal_id} 的附件 / not permitted: attachment of "
                         f"{appeal_id}")  # fmt: skip
    return Attachment(row.attachment_name, bytes(row.attachment), row.attachment_type)


@dataclass(frozen=True)
class Outcome:
    before: dict[str, object]
    after: dict[str, object] | None  # None: no snapshot built since the decision yet


def outcome(appeal: AppealView, scope: Scope, snapshot: Path) -> Outcome:
    """Before (at filing) and after (the first snapshot built after an upheld decision, as
    ``scope`` sees it). A dismissed appeal changes nothing: after = before."""
    if appeal.status == "dismissed":
        return Outcome(appeal.before, appeal.before)
    if appeal.status != "upheld" or appeal.decided_at is None:
        return Outcome(appeal.before, None)
    now = read_result(scope, snapshot, appeal.person_id, appeal.period_id, appeal.indicator_id)
    if now is None or now.get("built_at") is None:
        return Outcome(appeal.before, None)
    if datetime.fromisoformat(str(now["built_at"])) <= appeal.decided_at:
        return Outcome(appeal.before, None)
    for key in ("window_days", "answer_days"):
        now.pop(key, None)
    return Outcome(appeal.before, now)

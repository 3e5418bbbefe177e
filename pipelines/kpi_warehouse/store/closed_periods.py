"""Closed periods (结账): the appraisal office (or an admin) closes a period, and no later
build changes its published results; only an explicit, reasoned reopening lifts that.

The store keeps one row per period ever closed (``kpi_closed_period``): who closed it and
when, the archive of its result rows (a file beside the warehouse, named here with its
SHA-256), a digest of those rows per mart, and the spec versions that scored it (their
files' hashes and models) — what validation compares a later edit against. Every close and
reopen also appends ``kpi_record_history`` (before, after, reason) and the audit log, in the
same transaction. Writing the archive and serving it at publish are the pipeline's
(``kpi_warehouse.closed_periods``); this module only records and answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.models import Base
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.roles import Role

TABLE = "kpi_closed_period"
CLOSERS = frozenset({Role.APPRAISAL_OFFICE.value, Role.ADMIN.value})
MIN_REASON = 4  # characters: a reason says something


class ClosedPeriod(Base):
    __tablename__ = TABLE

    period_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    closed_at: Mapped[datetime] = mapped_column(DateTime)
    closed_by: Mapped[str] = mapped_column(String(128))
    archive_file: Mapped[str] = mapped_column(String(255))
    archive_sha256: Mapped[str] = mapped_column(String(64))
    results_digest: Mapped[str] = mapped_column(Text)
    spec_versions: Mapped[str] = mapped_column(Text)
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopened_by: Mapped[str | None] = mapped_column(String(128))
    reopen_reason: Mapped[str | None] = mapped_column(Text)


class PeriodError(ValueError):
    """A close or reopen that cannot be done (already closed, not closed, no reason …)."""


@dataclass(frozen=True)
class Archive:
    """What closing a period froze: the archive file (relative to the archive folder), its
    SHA-256, the digest of its rows per mart, and the spec versions that scored it
    (``spec_id@effective_from`` → ``{version, sha256, file, spec}``)."""

    file: str
    sha256: str
    results_digest: dict[str, Any]
    spec_versions: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class ClosedPeriodView:
    period_id: str
    status: str
    closed_at: datetime
    closed_by: str
    archive: Archive
    reopened_at: datetime | None
    reopened_by: str | None
    reopen_reason: str | None

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


def _view(row: ClosedPeriod) -> ClosedPeriodView:
    return ClosedPeriodView(
        row.period_id,
        row.status,
        row.closed_at,
        row.closed_by,
        Archive(
            row.archive_file,
            row.archive_sha256,
            json.loads(row.results_digest),
            json.loads(row.spec_versions),
        ),
        row.reopened_at,
        row.reopened_by,
        row.reopen_reason,
    )


def _state(row: ClosedPeriod | None) -> dict[str, object] | None:
    if row is None:
        return None
    return {
        "status": row.status,
        "closed_at": row.closed_at,
        "closed_by": row.closed_by,
        "archive_file": row.archive_file,
        "archive_sha256": row.archive_sha256,
        "spec_versions": sorted(json.loads(row.spec_versions)),
        "reopened_at": row.reopened_at,
        "reopened_by": row.reopened_by,
        "reopen_reason": row.reopen_reason,
    }


def require_closer(account: AccountView) -> None:
    """Only an enabled appraisal-office or admin account closes or reopens periods."""
    if account.disabled:
        raise NotAllowed(f"账户 {account.username} 已停用 / account {account.username} is disabled")
    if not CLOSERS & set(account.roles):
        raise NotAllowed(
            f"{account.username} 不是考核办或系统管理员，不能结账或重新开放考核期 / "
            f"{account.username} is neither appraisal office nor admin and may not close or "
            "reopen a period"
        )


def close(
    account: AccountView, period_id: str, archive: Archive, url: str | None = None
) -> ClosedPeriodView:
    """Record ``period_id`` as closed with ``archive``; history and audit in one transaction."""
    require_closer(account)
    with db.session(url) as s:
        row = s.get(ClosedPeriod, period_id)
        if row is not None and row.status == "closed":
            raise PeriodError(
                f"考核期 {period_id} 已于 {row.closed_at:%Y-%m-%d %H:%M} 由 {row.closed_by} 结账 / "
                f"period {period_id} was already closed by {row.closed_by} on "
                f"{row.closed_at:%Y-%m-%d %H:%M}"
            )
        before = _state(row)
        if row is None:
            row = ClosedPeriod(period_id=period_id)
            s.add(row)
        row.status = "closed"
        row.closed_at = db.now()
        row.closed_by = account.username
        row.archive_file = archive.file
        row.archive_sha256 = archive.sha256
        row.results_digest = json.dumps(archive.results_digest, ensure_ascii=False, sort_keys=True)
        row.spec_versions = json.dumps(archive.spec_versions, ensure_ascii=False, sort_keys=True)
        row.reopened_at = row.reopened_by = row.reopen_reason = None
        s.flush()
        history.append(s, account.actor, TABLE, period_id, "close", before, _state(row))
        audit.append(
            s,
            account.actor,
            "period_close",
            target=period_id,
            detail={
                "archive": archive.file,
                "sha256": archive.sha256,
                "rows": {m: d["rows"] for m, d in archive.results_digest.items()},
                "spec_versions": sorted(archive.spec_versions),
            },
        )
        return _view(row)


def reopen(
    account: AccountView, period_id: str, reason: str, url: str | None = None
) -> ClosedPeriodView:
    """Lift the freeze of a closed period; the reason is required and logged."""
    require_closer(account)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise PeriodError(
            f"重新开放考核期必须写明理由（至少 {MIN_REASON} 个字）/ reopening a period needs a "
            f"reason (at least {MIN_REASON} characters)"
        )
    with db.session(url) as s:
        row = s.get(ClosedPeriod, period_id)
        if row is None or row.status != "closed":
            raise PeriodError(
                f"考核期 {period_id} 未结账，无需重新开放 / period {period_id} is not closed"
            )
        before = _state(row)
        row.status = "reopened"
        row.reopened_at = db.now()
        row.reopened_by = account.username
        row.reopen_reason = reason
        s.flush()
        history.append(s, account.actor, TABLE, period_id, "reopen", before, _state(row), reason)
        audit.append(
            s,
            account.actor,
            "period_reopen",
            target=period_id,
            detail={"reason": reason, "archive": row.archive_file},
        )
        return _view(row)


def periods(url: str | None = None) -> list[ClosedPeriodView]:
    """Every period ever closed (closed or reopened), by period id."""
    with db.session(url) as s:
        return [
            _view(r) for r in s.scalars(sa.select(ClosedPeriod).order_by(ClosedPeriod.period_id))
        ]


def closed(url: str | None = None) -> list[ClosedPeriodView]:
    """The periods closed now."""
    return [p for p in periods(url) if p.is_closed]


@dataclass(frozen=True)
class Reopening:
    """The latest reopening of a period: the archive of the results it had before (as
    closed at ``closed_at`` by ``closed_by``), and who reopened it, when and why."""

    period_id: str
    archive_file: str
    archive_sha256: str
    closed_at: datetime
    closed_by: str
    reopened_at: datetime
    reopened_by: str
    reason: str


def _when(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def reopenings(url: str | None = None) -> list[Reopening]:
    """Per period ever reopened, its latest reopening (read from the period's history, so a
    period closed again afterwards keeps it), by period id."""
    latest: dict[str, Reopening] = {}
    for act in history.of(TABLE, url=url):
        if act.act != "reopen" or not act.before:
            continue
        before = json.loads(act.before)
        latest[act.record_id] = Reopening(
            act.record_id,
            str(before["archive_file"]),
            str(before["archive_sha256"]),
            _when(before["closed_at"]),
            str(before["closed_by"]),
            act.at,
            act.actor,
            act.reason or "",
        )
    return [latest[p] for p in sorted(latest)]

"""The append-only audit log: one function to append, one to read.

Who did what, when, to what, with what outcome (and rows returned for SQL). The table
refuses UPDATE and DELETE (database triggers); nothing in the code edits a line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kpi_warehouse.store import db
from kpi_warehouse.store.models import AuditEvent

MAX_TEXT = 4000  # SQL text and details are cut to this length


@dataclass(frozen=True)
class Actor:
    """Who acts: an account (dashboard, ``kpi sql --user``) or the operator at the CLI."""

    name: str
    account_id: int | None = None


def append(
    s: Session,
    actor: Actor,
    action: str,
    outcome: str = "ok",
    target: str | None = None,
    rows: int | None = None,
    detail: Mapping[str, object] | str | None = None,
) -> None:
    """Add one line to the log inside the caller's transaction."""
    if isinstance(detail, Mapping):
        detail = json.dumps(dict(detail), ensure_ascii=False, default=str, sort_keys=True)
    s.add(
        AuditEvent(
            at=db.now(),
            actor=actor.name[:128],
            actor_account_id=actor.account_id,
            action=action,
            outcome=outcome,
            target=None if target is None else str(target)[:255],
            rows=rows,
            detail=None if detail is None else detail[:MAX_TEXT],
        )
    )


def record(
    actor: Actor,
    action: str,
    outcome: str = "ok",
    target: str | None = None,
    rows: int | None = None,
    detail: Mapping[str, object] | str | None = None,
    url: str | None = None,
) -> None:
    """Append one line in its own transaction (for events that change nothing else)."""
    with db.session(url) as s:
        append(s, actor, action, outcome, target, rows, detail)


def events(
    user: str | None = None,
    since: datetime | None = None,
    action: str | None = None,
    limit: int = 1000,
    url: str | None = None,
) -> list[AuditEvent]:
    """Newest first; ``user`` matches the actor or the target account's name."""
    query = sa.select(AuditEvent).order_by(AuditEvent.event_id.desc()).limit(limit)
    if user:
        query = query.where(sa.or_(AuditEvent.actor == user, AuditEvent.target == user))
    if since:
        query = query.where(AuditEvent.at >= since)
    if action:
        query = query.where(AuditEvent.action == action)
    with db.session(url) as s:
        return list(s.scalars(query))

"""The append-only history of writes to registries and manual entries (who, when, before,
after, reason). A voided registry record leaves the live table and lives on here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from kpi_warehouse.store import db
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.models import Base


class RecordHistory(Base):
    __tablename__ = "kpi_record_history"

    history_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(48))
    record_id: Mapped[str] = mapped_column(String(64))
    act: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(128))
    actor_account_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    batch: Mapped[str | None] = mapped_column(String(64))


def _json(row: Mapping[str, object] | None) -> str | None:
    if row is None:
        return None
    return json.dumps(dict(row), ensure_ascii=False, default=str, sort_keys=True)


def append(
    s: Session,
    actor: Actor,
    table: str,
    record_id: str,
    act: str,
    before: Mapping[str, object] | None,
    after: Mapping[str, object] | None,
    reason: str | None = None,
    batch: str | None = None,
) -> None:
    """One history row inside the caller's transaction."""
    s.add(
        RecordHistory(
            table_name=table,
            record_id=record_id,
            act=act,
            at=db.now(),
            actor=actor.name[:128],
            actor_account_id=actor.account_id,
            before=_json(before),
            after=_json(after),
            reason=reason,
            batch=batch,
        )
    )


def append_many(
    s: Session,
    actor: Actor,
    table: str,
    id_column: str,
    afters: list[Mapping[str, object]],
    act: str,
    reason: str | None = None,
    batch: str | None = None,
) -> None:
    """One history row per added record, in one statement (large imports)."""
    if not afters:
        return
    stamp = db.now()
    s.execute(
        sa.insert(RecordHistory),
        [
            {
                "table_name": table,
                "record_id": str(a[id_column]),
                "act": act,
                "at": stamp,
                "actor": actor.name[:128],
                "actor_account_id": actor.account_id,
                "before": None,
                "after": _json(a),
                "reason": reason,
                "batch": batch,
            }
            for a in afters
        ],
    )


def of(table: str, record_id: str | None = None, url: str | None = None) -> list[RecordHistory]:
    """Oldest first."""
    query = sa.select(RecordHistory).where(RecordHistory.table_name == table)
    if record_id is not None:
        query = query.where(RecordHistory.record_id == record_id)
    with db.session(url) as s:
        return list(s.scalars(query.order_by(RecordHistory.history_id)))

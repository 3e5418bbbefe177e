"""SQLAlchemy models of the publication and appeal tables (migration 0003_appeals)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kpi_warehouse.store.models import Base


class PeriodPublication(Base):
    """A period whose results staff may see, from ``published_at`` on (never withdrawn)."""

    __tablename__ = "kpi_period_publication"

    period_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(DateTime)
    published_by: Mapped[str] = mapped_column(String(128))
    published_by_account_id: Mapped[int | None] = mapped_column(Integer)


class Appeal(Base):
    """One appeal against a published result: the appraisee's grade (``indicator_id`` NULL)
    or one indicator's points; pending until the appraisal office answers in writing."""

    __tablename__ = "kpi_appeal"

    appeal_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    period_id: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[str] = mapped_column(String(64))
    filed_by: Mapped[str] = mapped_column(String(128))
    filed_by_account_id: Mapped[int | None] = mapped_column(Integer)
    indicator_id: Mapped[str | None] = mapped_column(String(64))
    spec_id: Mapped[str | None] = mapped_column(String(64))
    spec_version: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(255))
    attachment_type: Mapped[str | None] = mapped_column(String(128))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    filed_at: Mapped[datetime] = mapped_column(DateTime)
    window_closes: Mapped[date] = mapped_column(Date)
    answer_due: Mapped[date] = mapped_column(Date)
    before_json: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    answer: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_by_person: Mapped[str | None] = mapped_column(String(64))
    decided_by_account_id: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    correction_kind: Mapped[str | None] = mapped_column(String(16))
    correction_id: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime)

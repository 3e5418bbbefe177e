"""SQLAlchemy 2 models of the store's own tables (all prefixed ``kpi_``).

The schema is created and changed only by the Alembic migrations in ``migrations/``; these
models describe it for the services. Timestamps are UTC without a zone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "kpi_account"

    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    person_id: Mapped[str | None] = mapped_column(String(64))
    org_unit_id: Mapped[str | None] = mapped_column(String(64))
    procuratorate_id: Mapped[str | None] = mapped_column(String(64))
    sso_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_signin_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    roles: Mapped[list[AccountRole]] = relationship(
        back_populates="account", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def role_ids(self) -> tuple[str, ...]:
        return tuple(sorted(r.role for r in self.roles))


class AccountRole(Base):
    __tablename__ = "kpi_account_role"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("kpi_account.account_id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)

    account: Mapped[Account] = relationship(back_populates="roles")


class AuditEvent(Base):
    """One line of the append-only audit log (UPDATE and DELETE are refused by triggers)."""

    __tablename__ = "kpi_audit_log"

    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(128), index=True)
    actor_account_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(48), index=True)
    outcome: Mapped[str] = mapped_column(String(24))
    target: Mapped[str | None] = mapped_column(String(255))
    rows: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)


class ProcuratorateSetting(Base):
    """Per-procuratorate settings; a procuratorate without a row uses the defaults."""

    __tablename__ = "kpi_procuratorate_setting"

    procuratorate_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    publish_unit_results: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(128))

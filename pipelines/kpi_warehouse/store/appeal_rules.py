"""The rules of publication and appeals that are pure arithmetic or role checks.

- Who publishes a period: the appraisal office or an admin. Who answers an appeal: the
  appraisal office only (an admin keeps the system, it is not the appraisal committee),
  and never the appellant (compared by person and by account).
- The appeal window: from the period's publication through ``window_days`` calendar days
  after it (the spec's ``appeals.window_days``, Template 15's 10 by default). The answer is
  due ``answer_days`` calendar days after filing (also 10); a pending appeal past its due
  date is overdue. Dates are the store's UTC dates.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.roles import Role

DEFAULT_WINDOW_DAYS = 10
DEFAULT_ANSWER_DAYS = 10
MAX_ATTACHMENT_BYTES = 1024 * 1024  # the dashboard server accepts 1 MB uploads
STATUSES = ("pending", "upheld", "dismissed")
PUBLISHERS = frozenset({Role.APPRAISAL_OFFICE, Role.ADMIN})
DECIDERS = frozenset({Role.APPRAISAL_OFFICE})


class Refused(ValueError):
    """An act the rules do not allow now (window closed, published twice, ...)."""


def window_closes(published_at: datetime, window_days: int) -> date:
    """The last day on which an appeal against a period published at ``published_at`` may
    be filed."""
    return published_at.date() + timedelta(days=window_days)


def answer_due(filed_at: datetime, answer_days: int) -> date:
    """The last day for the written answer."""
    return filed_at.date() + timedelta(days=answer_days)


def is_overdue(status: str, due: date, today: date) -> bool:
    return status == "pending" and today > due


def _roles(account: AccountView) -> frozenset[Role]:
    return frozenset(Role(r) for r in account.roles)


def require_publisher(account: AccountView) -> None:
    if account.disabled or not (_roles(account) & PUBLISHERS):
        raise NotAllowed(
            f"{account.username} 无权发布考核期（仅考核办、系统管理员） / {account.username} may "
            "not publish a period (appraisal office or admin only)"
        )


def require_decider(account: AccountView) -> None:
    if account.disabled or not (_roles(account) & DECIDERS):
        raise NotAllowed(
            f"{account.username} 无权答复申诉（仅考核办） / {account.username} may not decide "
            "appeals (appraisal office only)"
        )


def may_decide(account: AccountView) -> bool:
    return not account.disabled and bool(_roles(account) & DECIDERS)


def may_publish(account: AccountView) -> bool:
    return not account.disabled and bool(_roles(account) & PUBLISHERS)

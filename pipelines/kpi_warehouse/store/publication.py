"""Period publication: the appraisal office (or an admin) makes a period's results visible
to staff and so starts its appeal window.

Until a period is published, accounts that see only their own results (staff, clerks,
reviewers, registry owners) see nothing of it: the scope layer reads
:func:`published_periods` (``scope.scope_for``) and hides every row of other periods from
them. Publishing is recorded in ``kpi_period_publication`` (who, when; never changed or
withdrawn), ``kpi_record_history`` and the audit log.

Publishing twice is refused (decision): the first publication fixes the start of the
appeal window, and a second one must not look as if it restarted it. A period is published
for the whole installation (one appraisal office publishes, as in the demo).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.appeal_models import PeriodPublication
from kpi_warehouse.store.appeal_rules import Refused, require_publisher

TABLE = "kpi_period_publication"


def publications(url: str | None = None) -> list[PeriodPublication]:
    """Every published period, oldest publication first."""
    with db.session(url) as s:
        query = sa.select(PeriodPublication).order_by(
            PeriodPublication.published_at, PeriodPublication.period_id
        )
        return list(s.scalars(query))


def published_periods(url: str | None = None) -> tuple[str, ...]:
    """The ids of the published periods (what the scope layer lets staff see)."""
    with db.session(url) as s:
        return tuple(sorted(s.scalars(sa.select(PeriodPublication.period_id))))


def get(period_id: str, url: str | None = None) -> PeriodPublication | None:
    with db.session(url) as s:
        return s.get(PeriodPublication, period_id)


def _snapshot_periods(account: AccountView, snapshot: Path, url: str | None) -> set[str]:
    from kpi_warehouse.store.scope import query, scope_for

    frame = query(scope_for(account, url), snapshot, "SELECT period_id FROM dim_period")
    return {str(p) for p in frame["period_id"]}


def publish(
    account: AccountView,
    period_id: str,
    snapshot: Path | None = None,
    at: datetime | None = None,
    url: str | None = None,
    batch: str | None = None,
) -> PeriodPublication:
    """Publish ``period_id``; with ``snapshot``, the period must exist in it."""
    require_publisher(account)
    period_id = period_id.strip()
    if snapshot is not None and period_id not in _snapshot_periods(account, snapshot, url):
        raise Refused(
            f"已发布的数据中没有考核期 {period_id} / no period {period_id} in the published "
            "snapshot"
        )
    stamp = at or db.now()
    with db.session(url) as s:
        existing = s.get(PeriodPublication, period_id)
        if existing is not None:
            message = (
                f"考核期 {period_id} 已于 {existing.published_at:%Y-%m-%d %H:%M} 由 "
                f"{existing.published_by} 发布，不再重复发布 / period {period_id} was published "
                f"on {existing.published_at:%Y-%m-%d %H:%M} by {existing.published_by}; not "
                "published again"
            )
            audit.append(s, account.actor, "period_publish", "refused", f"period:{period_id}",
                         detail={"reason": "already published"})  # fmt: skip
            refusal = Refused(message)
        else:
            refusal = None
            row = PeriodPublication(
                period_id=period_id,
                published_at=stamp,
                published_by=account.username,
                published_by_account_id=account.account_id,
            )
            s.add(row)
            after = {"period_id": period_id, "published_at": stamp.isoformat(),
                     "published_by": account.username}  # fmt: skip
            history.append(s, account.actor, TABLE, period_id, "publish", None, after,
                           batch=batch)  # fmt: skip
            audit.append(s, account.actor, "period_publish", "ok", f"period:{period_id}")
    if refusal is not None:
        raise refusal
    return row

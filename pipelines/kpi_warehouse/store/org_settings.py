"""Per-procuratorate settings. One today: whether staff see their department's published
totals and grades (on by default: "results are published inside the unit")."""

from __future__ import annotations

import sqlalchemy as sa

from kpi_warehouse.store import audit, db
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.models import ProcuratorateSetting


def set_publish_unit_results(
    actor: Actor, procuratorate_id: str, publish: bool, url: str | None = None
) -> None:
    procuratorate_id = procuratorate_id.strip()
    with db.session(url) as s:
        row = s.get(ProcuratorateSetting, procuratorate_id)
        before = True if row is None else bool(row.publish_unit_results)
        if row is None:
            row = ProcuratorateSetting(procuratorate_id=procuratorate_id)
            s.add(row)
        row.publish_unit_results = publish
        row.updated_at = db.now()
        row.updated_by = actor.name
        audit.append(
            s,
            actor,
            "setting_change",
            target=procuratorate_id,
            detail={"publish_unit_results": {"before": before, "after": publish}},
        )


def withheld_procuratorates(url: str | None = None) -> tuple[str, ...]:
    """Procuratorates that do not publish department results to their staff."""
    with db.session(url) as s:
        query = sa.select(ProcuratorateSetting.procuratorate_id).where(
            ProcuratorateSetting.publish_unit_results.is_(False)
        )
        return tuple(sorted(s.scalars(query)))

"""The publish guard: a build that would appraise far fewer people of a department than the
snapshot in service does is not published.

For every department (``org_unit_id``) and period of the snapshot in service, the number of
people appraised (``fct_appraisal``, appraisee type person) is compared with the new build's
(after closed periods are served). A fall of more than 10 % — ``(before − after) × 10 >
before``, so 100 → 90 passes and 100 → 89 stops — stops the publish with one bilingual line
per department (its worst period: the numbers, the specs, the people no longer appraised),
unless the department is accepted with ``kpi build --accept-drop ORG_UNIT_ID``; accepted
drops are written to the audit log once the snapshot is published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from kpi_warehouse.store.audit import Actor

MAX_DROP_TENTHS = 1  # a fall of more than 1/10 stops the publish

_COUNTS = """
    SELECT a.org_unit_id, a.period_id, list(DISTINCT a.appraisee_id ORDER BY a.appraisee_id),
           list(DISTINCT a.spec_id ORDER BY a.spec_id)
    FROM {db}.main.fct_appraisal a
    WHERE a.appraisee_type = 'person' AND a.org_unit_id IS NOT NULL
    GROUP BY ALL
"""


@dataclass(frozen=True)
class Drop:
    org_unit_id: str
    org_unit_name: str
    period_id: str
    before: int
    after: int
    specs: tuple[str, ...]
    gone: tuple[str, ...]  # people appraised before and not now

    @property
    def percent(self) -> float:
        return 100.0 * (self.before - self.after) / self.before

    def text(self) -> str:
        more = f" … (+{len(self.gone) - 8})" if len(self.gone) > 8 else ""
        gone = ", ".join(self.gone[:8]) + more
        specs = ", ".join(self.specs)
        return (
            f"{self.org_unit_name}（{self.org_unit_id}）{self.period_id} 考核人数由 {self.before} "
            f"降至 {self.after}（−{self.percent:.1f}%，超过 10%；细则 {specs}；不再考核：{gone}）。"
            f"若确属应当，请用 kpi build --accept-drop {self.org_unit_id} 放行 / "
            f"{self.org_unit_name} ({self.org_unit_id}) {self.period_id}: people appraised "
            f"fell from {self.before} to {self.after} (−{self.percent:.1f}%, more than 10%; "
            f"spec(s) {specs}; no longer appraised: {gone}). If this is intended, run "
            f"kpi build --accept-drop {self.org_unit_id}"
        )


class HeadcountDrop(RuntimeError):
    """Some department's appraised headcount fell by more than 10 %."""

    def __init__(self, drops: list[Drop]) -> None:
        self.drops = drops
        super().__init__(
            "考核人数骤降，未发布，已发布的快照保持不变 / appraised headcount fell; not "
            "published, the snapshot in service is unchanged:\n"
            + "\n".join(d.text() for d in drops)
        )


def _counts(
    con: duckdb.DuckDBPyConnection, catalog: str
) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    rows = con.execute(_COUNTS.format(db=f'"{catalog}"')).fetchall()
    return {(unit, period): (people, specs) for unit, period, people, specs in rows}


def is_drop(before: int, after: int) -> bool:
    """More than a tenth fewer (integers, no rounding)."""
    return (before - after) * 10 > before * MAX_DROP_TENTHS


def drops(con: duckdb.DuckDBPyConnection, snapshot: Path) -> list[Drop]:
    """Each department's worst fall against ``snapshot`` (the build is ``con``'s catalog)."""
    if not snapshot.exists():
        return []
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    new = _counts(con, catalog)
    with duckdb.connect(str(snapshot), read_only=True) as old_con:
        tables = {r[0] for r in old_con.execute("SHOW TABLES").fetchall()}
        if "fct_appraisal" not in tables:
            return []
        old_catalog = old_con.execute("SELECT current_database()").fetchone()[0]
        old = _counts(old_con, old_catalog)
        names = dict(
            old_con.execute("SELECT org_unit_id, org_unit_name FROM dim_org_unit").fetchall()
        )
    worst: dict[str, Drop] = {}
    for (unit, period), (people, specs) in sorted(old.items()):
        now = new.get((unit, period), ([], []))[0]
        if not is_drop(len(people), len(now)):
            continue
        drop = Drop(
            unit,
            names.get(unit) or unit,
            period,
            len(people),
            len(now),
            tuple(specs),
            tuple(sorted(set(people) - set(now))),
        )
        if unit not in worst or drop.percent > worst[unit].percent:
            worst[unit] = drop
    return [worst[u] for u in sorted(worst)]


def check(con: duckdb.DuckDBPyConnection, snapshot: Path, accept: Iterable[str]) -> list[Drop]:
    """Raise :class:`HeadcountDrop` for unaccepted drops; return the accepted ones."""
    accepted = set(accept)
    found = drops(con, snapshot)
    refused = [d for d in found if d.org_unit_id not in accepted]
    if refused:
        raise HeadcountDrop(refused)
    return found


def log_accepted(found: list[Drop], actor: Actor, url: str | None = None) -> None:
    """One audit line per accepted drop (after the snapshot was published)."""
    from kpi_warehouse.store import audit

    for d in found:
        audit.record(
            actor,
            "accept_drop",
            target=d.org_unit_id,
            rows=d.after,
            detail={
                "period": d.period_id,
                "before": d.before,
                "after": d.after,
                "specs": list(d.specs),
                "gone": list(d.gone),
            },
            url=url,
        )

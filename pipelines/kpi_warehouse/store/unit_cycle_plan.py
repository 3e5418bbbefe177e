"""What a unit appraisal cycle covers, read from the published snapshot's spec catalogue.

For an upper procuratorate and a period: every spec version in force on the period's last
day with ``appraisee: org_unit``, the period's type, and indicators from ``unit.appraisal``
(the cycle scores those). Its population names the lower departments (``dim_org_unit``
rows matching every population key); its ``dept_key`` names the upper counterpart
department that scores them (the upper procuratorate's department with that key). A spec
whose population has no single ``dept_key``, no counterpart in the upper procuratorate, or
takes in a department of the upper procuratorate itself (its peers) is left out.
"""

from __future__ import annotations

import json
from pathlib import Path

from kpi_warehouse.store.scope import operator_connection
from kpi_warehouse.store.unit_cycle import (
    CycleError,
    CyclePlan,
    PlannedIndicator,
    PlannedSpec,
)

SOURCE = "unit.appraisal"
ORG_UNIT_KEYS = ("org_unit_id", "procuratorate_id", "dept_key", "unit_kind")


def plan_cycle(snapshot: str | Path, procuratorate_id: str, period_id: str) -> CyclePlan:
    with operator_connection(snapshot) as con:
        period = con.execute(
            "SELECT period_type, start_date, end_date FROM dim_period WHERE period_id = ?",
            [period_id],
        ).fetchone()
        if period is None:
            raise CycleError(f"没有期间 {period_id} / no period {period_id} in the snapshot")
        period_type, start, end = period
        versions = con.execute(
            "SELECT spec_id, version, spec_json FROM specs.spec_versions "
            "WHERE effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?) "
            "ORDER BY spec_id",
            [end, end],
        ).fetchall()
        units = con.execute(
            f"SELECT {', '.join(ORG_UNIT_KEYS)} FROM dim_org_unit ORDER BY org_unit_id"
        ).fetchall()
        indicators = con.execute(
            "SELECT spec_id, spec_version, indicator_id, indicator_name, max_points "
            "FROM dim_indicator WHERE source = ? ORDER BY spec_id, sort_order",
            [SOURCE],
        ).fetchall()
    rows = [dict(zip(ORG_UNIT_KEYS, u, strict=True)) for u in units]
    specs = []
    for spec_id, version, spec_json in versions:
        spec = json.loads(spec_json)
        scored = tuple(
            PlannedIndicator(i, n, float(m or 0.0))
            for s, v, i, n, m in indicators
            if s == spec_id and v == version
        )
        if spec.get("appraisee") != "org_unit" or spec.get("period") != period_type or not scored:
            continue
        population = spec.get("population") or {}
        keys = population.get("dept_key") or []
        scorer = [
            r["org_unit_id"]
            for r in rows
            if len(keys) == 1 and r["procuratorate_id"] == procuratorate_id
            and r["dept_key"] == keys[0]
        ]  # fmt: skip
        if len(scorer) != 1:
            continue
        appraised = [
            r
            for r in rows
            if all(r.get(k) in v for k, v in population.items() if k in ORG_UNIT_KEYS)
        ]
        # A unit appraises the units below it, never its peers: a population that takes in
        # a department of the upper procuratorate itself is not its to appraise.
        if appraised and all(r["procuratorate_id"] != procuratorate_id for r in appraised):
            lower = tuple(r["org_unit_id"] for r in appraised)
            specs.append(PlannedSpec(spec_id, scorer[0], lower, scored))
    return CyclePlan(procuratorate_id, period_id, start.isoformat(), end.isoformat(), tuple(specs))

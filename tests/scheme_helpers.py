"""Score the seed schemes' specs (kpi_specs/schemes/*.yaml, loaded as they are) on small
populations built in the tests, with the real engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from kpi_warehouse.scoring import engine
from kpi_warehouse.scoring.periods import parse_period
from kpi_warehouse.specs.loader import load_spec
from kpi_warehouse.specs.model import Spec
from tests.scoring_helpers import FACT_COLUMNS, spec_from

SCHEMES = Path(__file__).resolve().parents[1] / "kpi_specs" / "schemes"
QUARTER_ENDS = {"2026Q1": "2026-03-31", "2026Q2": "2026-06-30", "2026Q3": "2026-09-30"}
QUARTER_ENDS["2026Q4"] = "2026-12-31"
QUARTERS = ("2026Q1", "2026Q2", "2026Q3", "2026Q4")


def scheme(name: str) -> Spec:
    """The spec in kpi_specs/schemes/<name>.yaml, validated as `kpi validate` does."""
    return load_spec(SCHEMES / f"{name}.yaml")


PERSON_DEFAULTS: dict[str, Any] = {
    "org_unit_id": "U1",
    "procuratorate_id": "X",
    "dept_key": "d",
    "post": "p",
    "category": "一般工作人员",
    "status": "on_post",
    "hire_date": "2015-01-01",
    "leave_date": None,
}


@dataclass
class Facts:
    """Fact rows with running ids a1, a2, …; ``add`` returns the id."""

    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, person: str, source: str, kind: str, day: str, **kw: Any) -> str:
        activity_id = f"a{len(self.rows) + 1}"
        row: dict[str, Any] = {
            "activity_id": activity_id,
            "source": source,
            "kind": kind,
            "person_id": person,
            "org_unit_id": kw.pop("org_unit_id", "U1"),
            "activity_date": date.fromisoformat(day),
            "level": None,
            "quantity": 1.0,
            "value": None,
            "event_key": None,
            "is_collective": False,
            "share": 1.0,
        }
        unknown = set(kw) - set(FACT_COLUMNS)
        if unknown:
            raise TypeError(f"unknown fact columns: {sorted(unknown)}")
        row.update(kw)
        self.rows.append(row)
        return activity_id

    def many(self, n: int, person: str, source: str, kind: str, day: str, **kw: Any) -> None:
        for _ in range(n):
            self.add(person, source, kind, day, **kw)


@dataclass(frozen=True)
class Scored:
    points: dict[tuple[str, str, str], float]  # (appraisee, period, indicator) → points
    rows: dict[tuple[str, str], dict[str, Any]]  # (appraisee, period) → fct_appraisal row

    def grade(self, who: str, period: str) -> str | None:
        return self.rows[(who, period)]["grade"]

    def total(self, who: str, period: str) -> float:
        return self.rows[(who, period)]["total"]

    def grades(self, period: str) -> dict[str, str | None]:
        return {who: r["grade"] for (who, p), r in self.rows.items() if p == period}


def run(
    spec: Spec,
    people: list[dict[str, Any]],
    facts: Facts,
    periods: tuple[str, ...],
    org_units: list[dict[str, Any]] | None = None,
) -> Scored:
    """Score ``spec`` for ``people`` (dicts over PERSON_DEFAULTS) in ``periods``."""
    con = duckdb.connect()
    columns = ["person_id", *PERSON_DEFAULTS]
    frame = pd.DataFrame([{**PERSON_DEFAULTS, **p} for p in people], columns=columns)
    frame = frame.astype({c: "object" for c in columns})
    con.register("_people", frame)
    con.execute(
        "CREATE TABLE people AS SELECT * REPLACE (hire_date::DATE AS hire_date,"
        " leave_date::DATE AS leave_date) FROM _people"
    )
    units = org_units or [{"org_unit_id": "U1"}]
    con.register(
        "_units",
        pd.DataFrame(
            [{"procuratorate_id": "X", "dept_key": "d", "unit_kind": "section", **u} for u in units]
        ),
    )
    con.execute("CREATE TABLE org_units AS SELECT * FROM _units")
    con.execute(
        "CREATE TABLE facts (activity_id VARCHAR, source VARCHAR, kind VARCHAR,"
        " person_id VARCHAR, org_unit_id VARCHAR, activity_date DATE, level VARCHAR,"
        " quantity DOUBLE, value DOUBLE, event_key VARCHAR, is_collective BOOLEAN, share DOUBLE)"
    )
    if facts.rows:
        frame = pd.DataFrame(facts.rows, columns=list(FACT_COLUMNS)).astype(
            {"level": "object", "value": "float64", "event_key": "object", "is_collective": "bool"}
        )
        con.register("_facts", frame)
        con.execute("INSERT INTO facts SELECT * FROM _facts")
    con.execute(
        "CREATE TABLE periods (period_id VARCHAR, period_type VARCHAR,"
        " start_date DATE, end_date DATE)"
    )
    for p in map(parse_period, periods):
        con.execute(
            "INSERT INTO periods VALUES (?, ?, ?, ?)",
            [p.period_id, p.period_type, p.start_date, p.end_date],
        )
    engine.indicator_scores(con, [spec]).to_table("scores")
    points = {
        (r[0], r[1], r[2]): r[3]
        for r in con.execute(
            "SELECT appraisee_id, period_id, indicator_id, points FROM scores"
        ).fetchall()
    }
    result = engine.appraisals(con, [spec], "scores")
    rows = {}
    for values in result.fetchall():
        row = dict(zip(result.columns, values, strict=True))
        rows[(row["appraisee_id"], row["period_id"])] = row
    con.close()
    return Scored(points, rows)


# A score entered directly, 0–100: a test sets each appraisee's total with one record.
ROUTINE = {
    "id": "routine",
    "name": "常规",
    "source": "manual.entry",
    "kinds": ["routine_work"],
    "rule": {"type": "direct", "max": 100},
}

FactRow = tuple[str, str, str, str, Any]
"""(person, source, kind, date, value-or-level): a value if a float, a level if a string."""


def routine(totals: dict[str, float], day: str = "2026-03-31") -> list[FactRow]:
    """One ROUTINE record per appraisee, so that each one's total is the given number."""
    return [(p, "manual.entry", "routine_work", day, float(t)) for p, t in totals.items()]


def appraise(
    spec_data: dict[str, Any],
    tmp_path: Path,
    people: list[dict[str, Any]],
    facts: list[FactRow],
    periods: tuple[str, ...] = ("2026Q1",),
) -> dict[str, dict[str, Any]]:
    """Validate ``spec_data`` as a spec file and score it. Returns fct_appraisal rows by id
    (``person`` for one period, ``person@period`` for several)."""
    rows = Facts()
    for person, source, kind, day, extra in facts:
        value = extra if isinstance(extra, float) else None
        level = extra if isinstance(extra, str) else None
        rows.add(person, source, kind, day, value=value, level=level)
    scored = run(spec_from(tmp_path, spec_data), people, rows, periods)
    if len(periods) == 1:
        return {who: row for (who, _), row in scored.rows.items()}
    return {f"{who}@{period}": row for (who, period), row in scored.rows.items()}

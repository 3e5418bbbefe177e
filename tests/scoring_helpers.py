"""Build tiny fact sets and score a spec with the real engine, for hand-worked tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from kpi_warehouse.scoring import engine
from kpi_warehouse.scoring.periods import parse_period
from kpi_warehouse.specs.loader import load_spec
from kpi_warehouse.specs.model import Spec

FACT_COLUMNS = (
    "activity_id",
    "source",
    "kind",
    "person_id",
    "org_unit_id",
    "activity_date",
    "level",
    "quantity",
    "value",
    "event_key",
    "is_collective",
    "share",
)


def spec_from(tmp_path: Path, data: dict[str, Any], name: str = "spec.yaml") -> Spec:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_spec(path)


# The demo specs' attendance clause: 10, −1 per late, −5 per absence, 0 past 10 / 2.
ATTENDANCE = {
    "id": "attendance",
    "name": "考勤",
    "source": "office.attendance",
    "rule": {
        "type": "deduct",
        "start": 10,
        "per": {"late": 1, "absent": 5},
        "zero_if": {"late": 10, "absent": 2},
    },
}

MEILING_GRADES = [
    {"grade": "优秀", "min": 90},
    {"grade": "良好", "min": 75},
    {"grade": "称职", "min": 60},
    {"grade": "不称职"},
]


def base_spec(indicators: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "spec_id": "t",
        "version": "1",
        "title": "测试",
        "effective_from": "2026-01-01",
        "indicators": indicators,
        # Reachable by any indicator set (validation rejects an unreachable top grade);
        # tests about grades pass their own bands.
        "grades": [{"grade": "合格", "min": 0}, {"grade": "不合格"}],
    }
    spec.update(extra)
    return spec


def fact(n: int, person: str, source: str, kind: str, day: str, **kw: Any) -> dict[str, Any]:
    row = {
        "activity_id": f"a{n}",
        "source": source,
        "kind": kind,
        "person_id": person,
        "org_unit_id": "U1",
        "activity_date": pd.Timestamp(day).date(),
        "level": None,
        "quantity": 1.0,
        "value": None,
        "event_key": None,
        "is_collective": False,
        "share": 1.0,
    }
    row.update(kw)
    return row


def connect(
    facts: list[dict[str, Any]], people: list[str], periods: list[str]
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    frame = pd.DataFrame(facts, columns=list(FACT_COLUMNS)).astype(
        {"level": "object", "value": "float64", "event_key": "object", "is_collective": "bool"}
    )
    con.register("_facts", frame)
    con.execute(
        "CREATE TABLE facts (activity_id VARCHAR, source VARCHAR, kind VARCHAR,"
        " person_id VARCHAR, org_unit_id VARCHAR, activity_date DATE, level VARCHAR,"
        " quantity DOUBLE, value DOUBLE, event_key VARCHAR, is_collective BOOLEAN, share DOUBLE)"
    )
    if facts:
        con.execute("INSERT INTO facts SELECT * FROM _facts")
    con.execute(
        "CREATE TABLE people AS SELECT unnest(?::VARCHAR[]) AS person_id, 'U1' AS org_unit_id,"
        " 'X' AS procuratorate_id, 'd' AS dept_key, 'p' AS post, '一般工作人员' AS category,"
        " 'on_post' AS status",
        [people],
    )
    con.execute("CREATE TABLE org_units AS SELECT 'U1' AS org_unit_id, 'X' AS procuratorate_id")
    rows = [parse_period(p) for p in periods]
    con.execute(
        "CREATE TABLE periods AS SELECT * FROM (SELECT unnest(?::VARCHAR[]) AS period_id,"
        " unnest(?::VARCHAR[]) AS period_type, unnest(?::DATE[]) AS start_date,"
        " unnest(?::DATE[]) AS end_date)",
        [
            [p.period_id for p in rows],
            [p.period_type for p in rows],
            [p.start_date for p in rows],
            [p.end_date for p in rows],
        ],
    )
    return con


def score(
    spec: Spec | list[Spec],
    facts: list[dict[str, Any]],
    people: list[str],
    periods: tuple[str, ...] = ("2026Q1",),
) -> tuple[dict, dict]:
    """Return ({(person, period, indicator): points}, {(person, period): (total, rank, grade)})."""
    specs = spec if isinstance(spec, list) else [spec]
    con = connect(facts, people, periods)
    engine.indicator_scores(con, specs).to_table("scores")
    points = {
        (r[0], r[1], r[2]): r[3]
        for r in con.execute(
            "SELECT appraisee_id, period_id, indicator_id, points FROM scores"
        ).fetchall()
    }
    results = {
        (r[0], r[1]): (r[2], r[3], r[4])
        for r in engine.appraisals(con, specs, "scores")
        .project("appraisee_id, period_id, total, rank_in_category, grade")
        .fetchall()
    }
    return points, results


def indicator_rows(
    spec: Spec,
    facts: list[dict[str, Any]],
    people: list[str],
    periods: tuple[str, ...] = ("2026Q1",),
    setup: Callable[[duckdb.DuckDBPyConnection], object] | None = None,
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Indicator score rows only, keyed (person, period, indicator), each with ``evidence``.

    The facts get a ``period_id`` column, as the pipeline's ``fct_activity`` has, so that a
    rule's SQL that leaves the appraisee's ``period_id`` unqualified fails here too.
    ``setup`` may alter the tables (e.g. give people other categories) before scoring.
    """
    con = connect(facts, people, periods)
    con.execute("ALTER TABLE facts ADD COLUMN period_id VARCHAR DEFAULT 'not-a-period'")
    if setup is not None:
        setup(con)
    rel = engine.indicator_scores(con, [spec])
    cols = rel.columns
    out = {}
    for row in rel.fetchall():
        r = dict(zip(cols, row, strict=True))
        r["evidence"] = {}
        out[(r["appraisee_id"], r["period_id"], r["indicator_id"])] = r
    by_id = {r["indicator_score_id"]: r for r in out.values()}
    for score_id, activity_id, points in engine.evidence(con, [spec]).fetchall():
        by_id[score_id]["evidence"][activity_id] = points
    return out

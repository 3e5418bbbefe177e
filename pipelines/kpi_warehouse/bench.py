"""`make bench`: time the pipeline on a province-sized demo (not a test; prints a table).

Usage: python -m kpi_warehouse.bench [--staff 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DRILL_DOWN = {
    "overview: grade counts by department": """
        SELECT o.org_unit_name, a.grade, count(*) FROM fct_appraisal a
        JOIN dim_org_unit o USING (org_unit_id) WHERE a.period_id = '2026Q1'
        GROUP BY ALL""",
    "department: ranked staff": """
        SELECT p.person_name, a.category, a.total, a.rank_in_category, a.grade
        FROM fct_appraisal a JOIN dim_person p ON p.person_id = a.appraisee_id
        WHERE a.org_unit_id = (SELECT min(org_unit_id) FROM fct_appraisal)
          AND a.period_id = '2026Q1' ORDER BY a.category, a.rank_in_category""",
    "person: indicator breakdown": """
        SELECT indicator_name, clause, measure_label, points, max_points
        FROM fct_indicator_score WHERE appraisee_id = (SELECT min(appraisee_id)
        FROM fct_appraisal) AND period_id = '2026Q1' ORDER BY sort_order""",
    "indicator: evidence rows": """
        SELECT a.activity_date, a.source_table, a.source_key, a.detail, e.points
        FROM fct_evidence e JOIN fct_activity a USING (activity_id)
        WHERE e.indicator_score_id = (SELECT min(indicator_score_id)
        FROM fct_indicator_score WHERE indicator_id = 'attendance')""",
}


def _timed(label: str, rows: list[tuple[str, float]], fn: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = fn()
    rows.append((label, time.perf_counter() - started))
    return result


def _preview_times(snapshot: Path, rows: list[tuple[str, float]]) -> None:
    """`kpi score` on a quarter of facts: the 200 largest-department people, then everyone."""
    import duckdb

    from kpi_warehouse.preview.files import read_frame
    from kpi_warehouse.preview.score import score_frames
    from kpi_warehouse.specs.loader import load_spec

    repo = Path(__file__).resolve().parents[2]
    spec = load_spec(repo / "kpi_specs/schemes/example-gongsu-2026.yaml")
    spec = spec.model_copy(update={"population": {}})  # score everyone given
    people_sql = (
        "SELECT person_id, org_unit_id, procuratorate_id, dept_key, post, category, status,"
        " hire_date, leave_date FROM dim_person WHERE person_id IN ({ids})"
    )
    facts_sql = (
        "SELECT activity_id, source, kind, person_id, org_unit_id, activity_date, level,"
        " quantity, value, event_key, is_collective, share FROM fct_activity"
        " WHERE period_id = '2026Q1' AND person_id IN ({ids})"
    )
    scopes = {
        "200 people": "SELECT person_id FROM dim_person WHERE dept_key = 'gongsu'"
        " ORDER BY person_id LIMIT 200",
        "whole province": "SELECT person_id FROM dim_person",
    }
    for label, ids in scopes.items():
        files = {name: snapshot.with_name(f"bench-{name}.parquet") for name in ("facts", "people")}
        with duckdb.connect(str(snapshot), read_only=True) as con:
            con.execute(f"COPY ({people_sql.format(ids=ids)}) TO '{files['people']}'")
            con.execute(f"COPY ({facts_sql.format(ids=ids)}) TO '{files['facts']}'")
            n = con.execute(f"SELECT count(*) FROM '{files['facts']}'").fetchone()[0]
        _timed(
            f"kpi score (read Parquet + score), {label}, {n:,} facts",
            rows,
            lambda f=files: score_frames(
                [spec], read_frame(f["facts"]), read_frame(f["people"]), "2026Q1"
            ),
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--keep", type=Path, help="data folder to use and keep")
    args = parser.parse_args()
    data = args.keep or Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    os.environ["KPI_DATA_DIR"] = str(data)
    os.environ.setdefault("DO_NOT_TRACK", "1")

    import duckdb

    from kpi_warehouse.build import run_build
    from kpi_warehouse.config import settings
    from kpi_warehouse.demo.generate import generate

    rows: list[tuple[str, float]] = []
    _timed(
        f"generate demo sources ({args.staff} staff)",
        rows,
        lambda: generate(settings().sources_dir, staff=args.staff, seed=args.seed),
    )
    for attempt in ("first build", "rebuild"):
        report = run_build()
        if not report.success:
            print("\n".join(report.errors))
            return 1
        rows.append((f"kpi build, {attempt} (total)", report.seconds))
        steps = report.step_seconds
        # Extraction steps are named extract_<system>; the others are specs, dbt and publish.
        raw = [k for k in steps if k.startswith("extract_")]
        rows.append((f"  {attempt}: extract ({len(raw)} systems)", sum(steps[k] for k in raw)))
        rows += [(f"  {attempt}: {k}", v) for k, v in steps.items() if k not in raw]
    snapshot = settings().snapshot_db
    with duckdb.connect(str(snapshot), read_only=True) as con:
        facts = con.execute("SELECT count(*) FROM fct_activity").fetchone()[0]
        scores = con.execute("SELECT count(*) FROM fct_indicator_score").fetchone()[0]
    _timed(
        "open read-only connection",
        rows,
        lambda: duckdb.connect(str(snapshot), read_only=True).close(),
    )
    for label, sql in DRILL_DOWN.items():
        with duckdb.connect(str(snapshot), read_only=True) as con:
            con.execute(sql).fetchall()  # warm
            _timed(f"query: {label}", rows, lambda s=sql, c=con: c.execute(s).fetchall())
    _preview_times(snapshot, rows)
    from kpi_warehouse.bench_import import ROWS, time_import

    _, took = time_import(data)
    rows.append((f"registry import: {ROWS:,}-row .xlsx read, checked, committed", took))
    print(
        f"\n{args.staff} staff, {facts:,} activity facts, {scores:,} indicator scores, "
        f"snapshot {snapshot.stat().st_size / 1e6:.0f} MB\n"
    )
    print(f"| {'what':<58} | {'seconds':>8} | {'goal':>8} |\n|{'-' * 60}|{'-' * 10}|{'-' * 10}|")
    for label, seconds in rows:
        limit = goal(label)
        mark = "" if limit is None else f"≤ {limit:g} {'ok' if seconds <= limit else 'MISSED'}"
        print(f"| {label:<58} | {seconds:8.3f} | {mark:>8} |")
    return 0


# Goals (seconds) by the start of a figure's label (issue: province scale on 2 cores).
GOALS = {
    "kpi build, first build (total)": 45.0,
    "kpi build, rebuild (total)": 10.0,
    "query: ": 0.005,
    "registry import: ": 5.0,
    "kpi score (read Parquet + score), 200 people": 2.0,
}


def goal(label: str) -> float | None:
    return next((limit for start, limit in GOALS.items() if label.startswith(start)), None)


if __name__ == "__main__":
    raise SystemExit(main())

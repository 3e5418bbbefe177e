"""`make bench`: time the pipeline on a generated province and print each figure beside its
goal (not a test; prints a table).

The province: 100 procuratorates (Jiangsu's 13 city procuratorates and their districts),
10 000 staff, the year 2026 with the province's activity density (each case's procedural
steps, the office's daily documents). Figures, in order: generation; the first build through
Dagster (peak memory of the build and its dbt process, sampled); extraction beside an
Arrow-native reader of the same tables; dbt's wall time beside its nodes' own execution
time; the Dagster run beside the sum of its steps; a rebuild with nothing changed; a rebuild
after one more day of source rows; a rebuild after one department's spec changed; drill-down
queries (p95 of 50 runs, evidence included); dashboard pages in Chromium; the registry
import; the `kpi score` preview.

Usage: python -m kpi_warehouse.bench [--staff 10000] [--procuratorates 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LAST_DAY = date(2026, 12, 31)  # appended after the first builds: "one more day"
SPEC_EDITED = "demo/office-2026.yaml"  # the department whose spec the bench edits


class Figures(list):
    """The figures so far; each is printed as it is measured (a crash loses none)."""

    def append(self, figure: Figure) -> None:
        super().append(figure)
        print(figure.line(), flush=True)


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    unit: str = "s"  # s, ms, GiB, ×
    goal: float | None = None

    def line(self) -> str:
        shown = f"{self.value:,.1f}" if self.unit in ("s", "GiB") else f"{self.value:,.2f}"
        if self.unit == "ms":
            shown = f"{self.value:,.1f}"
        if self.goal is None:
            return f"| {self.label:<72} | {shown + ' ' + self.unit:>11} | {'':>14} |"
        ok = "ok" if self.value <= self.goal else "MISSED"
        goal = f"≤ {self.goal:g} {self.unit} {ok}"
        return f"| {self.label:<72} | {shown + ' ' + self.unit:>11} | {goal:>14} |"


@contextmanager
def peak_memory() -> Iterator[list[float]]:
    """Sample the RSS of this process and all its descendants (dbt runs as a child) every
    0.1 s; yields a list whose one element becomes the peak, in GiB."""
    import psutil

    peak = [0.0]
    stop = threading.Event()
    me = psutil.Process()

    def sample() -> None:
        while not stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with suppress(psutil.Error):
                    total += proc.memory_info().rss
            peak[0] = max(peak[0], total / 2**30)
            stop.wait(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


def _timed(fn: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _build(label: str, goal: float | None, figures: list[Figure]) -> tuple[float, dict[str, float]]:
    from kpi_warehouse.build import run_build

    report = run_build()
    if not report.success:
        raise SystemExit("\n".join([f"{label}: build failed", *report.errors]))
    figures.append(Figure(f"kpi build, {label}", report.seconds, goal=goal))
    return report.seconds, report.step_seconds


def _arrow_reference(data: Path) -> float:
    """Read every extracted table with ADBC straight into a scratch DuckDB file."""
    import duckdb

    from kpi_warehouse.config import settings
    from kpi_warehouse.defs.project import manifest_path
    from kpi_warehouse.extract.readers import read_query
    from kpi_warehouse.extract.sources import source_tables

    tables = source_tables(json.loads(manifest_path().read_text()))
    scratch = data / "arrow-reference.duckdb"
    scratch.unlink(missing_ok=True)
    started = time.perf_counter()
    with duckdb.connect(str(scratch)) as con:
        for t in tables:
            rows = read_query(settings().source_url(t.system), f'SELECT * FROM "{t.table}"')
            con.register("_rows", rows)
            con.execute(f'CREATE TABLE "{t.raw_name}" AS SELECT * FROM _rows')
            con.unregister("_rows")
    seconds = time.perf_counter() - started
    scratch.unlink(missing_ok=True)
    return seconds


def _dbt_node_seconds(data: Path) -> float:
    results = json.loads((data / "warehouse" / "dbt_target" / "run_results.json").read_text())
    return sum(float(r.get("execution_time") or 0) for r in results["results"])


def _first_build(data: Path, figures: list[Figure]) -> None:
    with peak_memory() as peak:
        run_total, steps = _build("first build through Dagster (total)", 45.0, figures)
    figures.append(Figure("  peak memory of the build and dbt (RSS, sampled)", peak[0], "GiB", 4))
    extract = sum(v for k, v in steps.items() if k.startswith("extract_"))
    arrow = _arrow_reference(data)
    figures.append(Figure("  extract, all source tables (ADBC → DuckDB, in Dagster)", extract))
    figures.append(Figure("  the same tables by a bare Arrow-native reader (ADBC)", arrow))
    figures.append(Figure("  extraction / Arrow-native reader", extract / arrow, "×", 1.5))
    dbt_wall, nodes = steps.get("warehouse_models", 0.0), _dbt_node_seconds(data)
    figures.append(Figure("  dbt build, wall time of the step", dbt_wall))
    figures.append(Figure("  dbt nodes' own execution time (run_results.json)", nodes))
    figures.append(Figure("  dbt wall / nodes' execution", dbt_wall / nodes, "×", 1.5))
    ratio = run_total / sum(steps.values())
    figures.append(Figure("  Dagster run (kpi build) / sum of its steps", ratio, "×", 1.2))
    for step, seconds in sorted(steps.items()):
        if not step.startswith("extract_") and step != "warehouse_models":
            figures.append(Figure(f"  step {step}", seconds))


def _rebuilds(data: Path, density: str, seed: int, figures: list[Figure]) -> None:
    from kpi_warehouse.demo.append import append_day

    _build("rebuild, nothing changed", 10.0, figures)
    added = append_day(data / "sources", LAST_DAY, density=density, seed=seed)
    _build(f"rebuild after one more day ({sum(added.values()):,} new source rows)", 15.0, figures)
    spec = data / "specs" / SPEC_EDITED
    text = spec.read_text(encoding="utf-8")
    if "\ntitle: " not in text:
        raise SystemExit(f"{spec}: no title line to edit")
    spec.write_text(text.replace("\ntitle: ", "\ntitle: （修订）", 1), encoding="utf-8")
    _build("rebuild after one department's spec changed", 10.0, figures)


DRILL_DOWN = {
    "overview: grade counts by department": """
        SELECT o.org_unit_name, a.grade, count(*) FROM fct_appraisal a
        JOIN dim_org_unit o USING (org_unit_id) WHERE a.period_id = ?
        GROUP BY ALL""",
    "department: ranked staff": """
        SELECT p.person_name, a.category, a.total, a.rank_in_category, a.grade
        FROM fct_appraisal a JOIN dim_person p ON p.person_id = a.appraisee_id
        WHERE a.period_id = ? AND a.org_unit_id = ?
        ORDER BY a.category, a.rank_in_category""",
    "person: indicator breakdown": """
        SELECT indicator_name, clause, measure_label, points, max_points
        FROM fct_indicator_score WHERE period_id = ? AND appraisee_id = ?
        ORDER BY sort_order""",
}


def _drill_down(snapshot: Path, figures: list[Figure]) -> None:
    """p95 of 50 runs per query, through the scope layer as the dashboard runs them
    (prepared connections reused), as an administrator (whose views filter nothing) and as
    the leader of one procuratorate (whose views apply its grants); the evidence query is
    the dashboard's own, for the score with the most records the account may see."""
    import duckdb

    from kpi_warehouse.store.drill_down import EVIDENCE_SQL
    from kpi_warehouse.store.scope import Scope, query

    most_records = (
        "SELECT s.indicator_score_id FROM fct_indicator_score s JOIN fct_evidence e "
        "USING (indicator_score_id) JOIN dim_person p ON p.person_id = s.appraisee_id "
        "WHERE s.period_id = ? AND p.procuratorate_id LIKE ? GROUP BY 1 "
        "ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    with duckdb.connect(str(snapshot), read_only=True) as con:
        period = con.execute(
            "SELECT max(period_id) FROM fct_appraisal WHERE period_id LIKE '%Q%'"
        ).fetchone()[0]
        unit, person, prc = con.execute(
            "SELECT a.org_unit_id, min(a.appraisee_id), any_value(o.procuratorate_id) "
            "FROM fct_appraisal a JOIN dim_org_unit o USING (org_unit_id) "
            "WHERE a.period_id = ? AND a.appraisee_type = 'person' GROUP BY 1 "
            "ORDER BY count(*) DESC, 1 LIMIT 1",
            [period],
        ).fetchone()
        scores = {p: con.execute(most_records, [period, p]).fetchone()[0] for p in ("%", prc)}
    scopes = {
        "administrator": (Scope("bench", None, ("admin",)), scores["%"]),
        f"leader of {prc}": (
            Scope("bench_leader", None, ("leader",), None, None, prc),
            scores[prc],
        ),
    }
    params = ([period], [period, unit], [period, person])
    for who, (scope, score) in scopes.items():
        queries = {
            label: (sql, p) for (label, sql), p in zip(DRILL_DOWN.items(), params, strict=True)
        }
        queries["evidence: the source records behind one score"] = (EVIDENCE_SQL, [score])
        for label, (sql, args) in queries.items():
            query(scope, snapshot, sql, args, pooled=True)  # prepares the connection once
            runs = []
            for _ in range(50):
                started = time.perf_counter()
                query(scope, snapshot, sql, args, pooled=True)
                runs.append((time.perf_counter() - started) * 1000)
            p95 = statistics.quantiles(runs, n=20)[-1]
            figures.append(Figure(f"query p95 of 50, {who}: {label}", p95, "ms", 5))


def _preview(snapshot: Path, figures: list[Figure]) -> None:
    """`kpi score` on a quarter of facts: the 200 largest-department people."""
    import duckdb

    from kpi_warehouse.preview.files import read_frame
    from kpi_warehouse.preview.score import score_frames
    from kpi_warehouse.specs.loader import load_spec

    spec = load_spec(REPO / "kpi_specs/schemes/example-gongsu-2026.yaml")
    spec = spec.model_copy(update={"population": {}})  # score everyone given
    ids = "SELECT person_id FROM dim_person WHERE dept_key = 'gongsu' ORDER BY person_id LIMIT 200"
    files = {name: snapshot.with_name(f"bench-{name}.parquet") for name in ("facts", "people")}
    with duckdb.connect(str(snapshot), read_only=True) as con:
        con.execute(
            "COPY (SELECT person_id, org_unit_id, procuratorate_id, dept_key, post, category, "
            f"status, hire_date, leave_date FROM dim_person WHERE person_id IN ({ids})) "
            f"TO '{files['people']}'"
        )
        con.execute(
            "COPY (SELECT activity_id, source, kind, person_id, org_unit_id, activity_date, "
            "level, quantity, value, event_key, is_collective, share FROM fct_activity "
            f"WHERE period_id = '2026Q1' AND person_id IN ({ids})) TO '{files['facts']}'"
        )

    def read_and_score() -> object:
        facts, people = read_frame(files["facts"]), read_frame(files["people"])
        return score_frames([spec], facts, people, "2026Q1")

    _, seconds = _timed(read_and_score)
    label = "kpi score preview: 200 people × a quarter (read Parquet, score)"
    figures.append(Figure(label, seconds, goal=2))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--procuratorates", type=int, default=100)
    parser.add_argument("--density", default="province", choices=("demo", "province"))
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--keep", type=Path, help="data folder to use and keep")
    parser.add_argument("--no-pages", action="store_true", help="skip the Chromium page timing")
    args = parser.parse_args()
    data = args.keep or Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    shutil.rmtree(data / "specs", ignore_errors=True)
    shutil.copytree(REPO / "kpi_specs", data / "specs")
    os.environ.update(KPI_DATA_DIR=str(data), KPI_SPECS_DIR=str(data / "specs"))
    os.environ.setdefault("DO_NOT_TRACK", "1")

    import duckdb

    from kpi_warehouse.config import settings
    from kpi_warehouse.demo.generate import generate

    figures: list[Figure] = Figures()
    end = date(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day - 1)
    _, seconds = _timed(
        lambda: generate(
            settings().sources_dir,
            staff=args.staff,
            seed=args.seed,
            end=end,
            procuratorates=args.procuratorates,
            density=args.density,
        )
    )
    rows = 0
    for path in settings().sources_dir.glob("*.sqlite"):
        import sqlite3

        with sqlite3.connect(path) as db:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            rows += sum(db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names)
    figures.append(Figure(f"generate the province's sources ({rows:,} rows)", seconds))

    _first_build(data, figures)
    _rebuilds(data, args.density, args.seed, figures)
    snapshot = settings().snapshot_db
    _drill_down(snapshot, figures)
    if not args.no_pages:
        from kpi_warehouse.bench_page import time_pages

        for label, seconds in time_pages(data):
            figures.append(Figure(label, seconds, goal=1.5))
    from kpi_warehouse.bench_import import ROWS, time_import

    _, took = time_import(data)
    label = f"registry import: {ROWS:,}-row .xlsx read, checked, committed"
    figures.append(Figure(label, took, goal=5))
    _preview(snapshot, figures)

    with duckdb.connect(str(snapshot), read_only=True) as con:
        facts = con.execute("SELECT count(*) FROM fct_activity").fetchone()[0]
        scores = con.execute("SELECT count(*) FROM fct_indicator_score").fetchone()[0]
        units = con.execute("SELECT count(DISTINCT procuratorate_id) FROM dim_org_unit")
        units = units.fetchone()[0]
    print(
        f"\n{args.staff:,} staff in {units} procuratorates, {rows:,} source rows, {facts:,} "
        f"activity facts, {scores:,} indicator scores, snapshot "
        f"{snapshot.stat().st_size / 2**20:,.0f} MiB; {os.cpu_count()} cores\n"
    )
    print(f"| {'what':<72} | {'measured':>11} | {'goal':>14} |")
    print(f"|{'-' * 74}|{'-' * 13}|{'-' * 16}|")
    for figure in figures:
        print(figure.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

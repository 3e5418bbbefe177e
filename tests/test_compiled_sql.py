"""The SQL compiled from the seed schemes and demo specs, kept as snapshot files.

Any change to the generated SQL then shows in review as a change to
``tests/snapshots/compiled_sql/<folder>/<spec>.sql``. When a change is intended, rewrite
the snapshots with ``KPI_UPDATE_SNAPSHOTS=1 pytest tests/test_compiled_sql.py`` and commit
them with the change.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from kpi_warehouse.scoring.compiler import DEFAULT_INPUTS, evidence_sql, indicator_scores_sql
from kpi_warehouse.scoring.engine import PERIOD_RESULTS
from kpi_warehouse.scoring.period_results import appraisals_sql
from kpi_warehouse.scoring.rollup import rollup_sql
from kpi_warehouse.specs.loader import load_spec

REPO = Path(__file__).resolve().parents[1]
SPEC_FOLDERS = ("schemes", "demo")
SPECS = sorted(p for folder in SPEC_FOLDERS for p in (REPO / "kpi_specs" / folder).glob("*.yaml"))
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "compiled_sql"
UPDATE = os.environ.get("KPI_UPDATE_SNAPSHOTS") == "1"
SCORES = "scores"  # the indicator-score relation the appraisal SQL reads


def _snapshot_path(spec_file: Path) -> Path:
    return SNAPSHOTS / spec_file.parent.name / f"{spec_file.stem}.sql"


def _tidy(sql: str) -> str:
    """The SQL without trailing spaces or blank lines (the generators' f-strings leave some)."""
    return "\n".join(line.rstrip() for line in sql.strip().splitlines() if line.strip())


def compiled(spec_file: Path) -> str:
    """Every query compiled from the spec, as the engine runs them, in one text."""
    spec = load_spec(spec_file)
    queries = [
        ("indicator scores", indicator_scores_sql(spec, DEFAULT_INPUTS)),
        ("evidence", evidence_sql(spec, DEFAULT_INPUTS)),
        (f"appraisals (from {SCORES})", appraisals_sql(spec, SCORES, DEFAULT_INPUTS)),
    ]
    rollup = rollup_sql(spec, PERIOD_RESULTS, DEFAULT_INPUTS)
    if rollup is not None:
        queries.append((f"roll-up (from {PERIOD_RESULTS})", rollup))
    head = f"-- {spec_file.relative_to(REPO)}: {spec.spec_id} version {spec.version}\n"
    return head + "".join(f"\n-- {title}\n{_tidy(sql)};\n" for title, sql in queries)


@pytest.mark.parametrize("spec_file", SPECS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_compiled_sql_matches_its_snapshot(spec_file: Path) -> None:
    path = _snapshot_path(spec_file)
    actual = compiled(spec_file)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), (
        f"no snapshot {path.relative_to(REPO)}: run KPI_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    )
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{path.relative_to(REPO)} (snapshot)",
            tofile=f"{path.relative_to(REPO)} (compiled now)",
        )
        pytest.fail(
            "the compiled SQL differs from its snapshot; if intended, rewrite it with "
            "KPI_UPDATE_SNAPSHOTS=1 and commit it:\n" + "".join(diff),
            pytrace=False,
        )


def test_every_snapshot_has_its_spec() -> None:
    expected = {_snapshot_path(p) for p in SPECS}
    orphans = sorted(p for p in SNAPSHOTS.rglob("*.sql") if p not in expected)
    if UPDATE:
        for path in orphans:
            path.unlink()
        return
    assert not orphans, f"snapshots of specs that no longer exist: {orphans}"

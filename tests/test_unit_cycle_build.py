"""The unit appraisal cycle as a source of the build: the store's tables as the migration
makes them and as the demo writes them; in the demo build, a department's quarter is
scored from its published cycle only, with the counterpart's scores as the points."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.demo.generate import columns
from kpi_warehouse.demo.schema import APP_DDL
from kpi_warehouse.store import db
from kpi_warehouse.store.unit_cycle import CYCLE_COLUMNS, ITEM_COLUMNS, SCORE_COLUMNS, STATES
from tests.conftest import DemoBuild

TABLES = {
    "kpi_unit_cycle": CYCLE_COLUMNS,
    "kpi_unit_cycle_item": ITEM_COLUMNS,
    "kpi_unit_cycle_score": SCORE_COLUMNS,
}


def test_migration_and_demo_ddl_agree_with_the_service(tmp_path: Path) -> None:
    path = tmp_path / "app.sqlite"
    db.engine(f"sqlite:///{path}")  # a store with no table yet: Alembic makes them
    con = sqlite3.connect(path)
    try:
        for table, wanted in TABLES.items():
            made = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            assert made == list(wanted), table
            assert columns(APP_DDL[table]) == list(wanted), table
    finally:
        con.close()


@pytest.fixture(scope="module")
def store_rows(demo_build: DemoBuild) -> sqlite3.Connection:
    return sqlite3.connect(demo_build.sources / "app.sqlite")


def test_the_demo_has_a_cycle_in_progress_with_every_state(store_rows: sqlite3.Connection):
    cycles = store_rows.execute(
        "SELECT period_id, status FROM kpi_unit_cycle ORDER BY period_id"
    ).fetchall()
    assert cycles == [
        ("2026Q1", "published"),
        ("2026Q2", "published"),
        ("2026Q3", "published"),
        ("2026Q4", "open"),
    ]
    states = {
        r[0]
        for r in store_rows.execute(
            "SELECT i.status FROM kpi_unit_cycle_item i JOIN kpi_unit_cycle c USING (cycle_id) "
            "WHERE c.status = 'open'"
        )
    }
    assert states == set(STATES)


def test_published_cycles_are_the_department_results(
    demo_build: DemoBuild, store_rows: sqlite3.Connection
) -> None:
    published = {
        (spec, unit, period): total
        for spec, unit, period, total in store_rows.execute(
            "SELECT i.spec_id, i.org_unit_id, c.period_id, sum(s.score) "
            "FROM kpi_unit_cycle_score s JOIN kpi_unit_cycle_item i USING (item_id) "
            "JOIN kpi_unit_cycle c USING (cycle_id) WHERE c.status = 'published' "
            "GROUP BY i.spec_id, i.org_unit_id, c.period_id"
        )
    }
    assert len(published) == 2 * 4 * 3  # two specs, four districts, three quarters
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        quarters = {
            (spec, unit, period): total
            for spec, unit, period, total in con.execute(
                "SELECT spec_id, org_unit_id, period_id, total FROM fct_org_unit_appraisal "
                "WHERE period_type = 'quarter'"
            ).fetchall()
        }
        years = dict(
            con.execute(
                "SELECT spec_id || ' ' || org_unit_id, total FROM fct_org_unit_appraisal "
                "WHERE period_type = 'year'"
            ).fetchall()
        )
        evidence = con.execute(
            "SELECT count(*) FROM fct_evidence WHERE activity_id LIKE 'unit_cycle:%'"
        ).fetchone()[0]
    # The quarter in progress has no result (not a total of zeros); the others are the
    # sums of the counterpart's scores.
    assert quarters.keys() == published.keys()
    for key, total in published.items():
        assert quarters[key] == pytest.approx(total), key
    # The year: the mean of the quarters published so far.
    for spec, unit in {(s, u) for s, u, _ in published}:
        mean = sum(t for (s, u, _), t in published.items() if (s, u) == (spec, unit)) / 3
        assert years[f"{spec} {unit}"] == pytest.approx(mean, abs=1e-4)
    assert evidence == 2 * 4 * 3 * 6  # one fact per published indicator score


def test_a_cycle_plan_from_the_snapshot(demo_build: DemoBuild) -> None:
    from kpi_warehouse.store.unit_cycle_plan import plan_cycle

    plan = plan_cycle(demo_build.snapshot, "PRC-CITY", "2026Q4")
    assert (plan.period_start, plan.period_end) == ("2026-10-01", "2026-12-31")
    districts = tuple(f"PRC-D{n}" for n in range(1, 5))
    assert [(s.spec_id, s.scorer_unit_id, s.org_unit_ids) for s in plan.specs] == [
        ("gongsu-units", "PRC-CITY-gongsu", tuple(f"{d}-gongsu" for d in districts)),
        ("zhongxing-units", "PRC-CITY-zhongxing", tuple(f"{d}-zhongxing" for d in districts)),
    ]
    assert [(i.indicator_id, i.max_points) for i in plan.specs[0].indicators] == [
        ("closure_rate", 20.0),
        ("plea_rate", 15.0),
        ("overdue", 20.0),
        ("case_ratio", 15.0),
        ("bulletins", 15.0),
        ("awards", 15.0),
    ]
    # A district has no counterparts below it to appraise.
    assert plan_cycle(demo_build.snapshot, "PRC-D1", "2026Q4").specs == ()

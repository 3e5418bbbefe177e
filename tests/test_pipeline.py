"""The pipeline end to end on a small demo: extraction, dbt build, scores, publishing."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.demo.schema import SYSTEMS
from kpi_warehouse.extract.load import replace_raw_table
from kpi_warehouse.extract.sources import read_table, source_tables
from tests.conftest import DemoBuild, demo_env, kpi


def _sqlite_count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_extraction_counts_match_sources_and_rerun_is_idempotent(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    db = tmp_path / "x.duckdb"
    expected = {
        t.raw_name: _sqlite_count(demo_build.sources / f"{t.system}.sqlite", t.table)
        for t in source_tables()
    }
    for _ in range(2):  # the second run must leave exactly the same rows
        with duckdb.connect(str(db)) as con:
            for t in source_tables():
                url = f"sqlite:///{demo_build.sources / (t.system + '.sqlite')}"
                loaded = replace_raw_table(
                    con, t.raw_name, read_table(url, t.table), datetime.now(UTC)
                )
                assert loaded == expected[t.raw_name], t.raw_name
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'"
        ).fetchall()
    assert len(tables) == sum(len(ddl) for ddl in SYSTEMS.values())


def test_build_publishes_every_mart(demo_build: DemoBuild) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        for mart in (
            "dim_org_unit",
            "dim_person",
            "dim_period",
            "dim_indicator",
            "fct_activity",
            "fct_indicator_score",
            "fct_appraisal",
            "fct_evidence",
            "fct_data_quality",
            "meta_snapshot",
        ):
            assert con.execute(f"SELECT count(*) FROM {mart}").fetchone()[0] > 0, mart
        # The raw tables were extracted in full.
        assert con.execute("SELECT count(*) FROM raw.office__staff").fetchone()[0] == 60


def test_dirty_rows_are_reported_not_scored(demo_build: DemoBuild) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        checks = {r[0] for r in con.execute("SELECT check_name FROM fct_data_quality").fetchall()}
        unknown = con.execute(
            "SELECT count(*) FROM fct_activity a LEFT JOIN dim_person p USING (person_id)"
            " WHERE p.person_id IS NULL"
        ).fetchone()[0]
        pending_scored = con.execute(
            "SELECT count(*) FROM fct_activity a JOIN raw.app__manual_entries m"
            " ON a.source_table = 'manual_entries' AND a.source_key = m.entry_id"
            " WHERE m.review_status <> 'approved'"
        ).fetchone()[0]
    assert {
        "unknown_person",
        "duplicate_attendance",
        "award_multiple_levels",
        "manual_entry_not_approved",
    } <= checks
    assert unknown == 0
    assert pending_scored == 0


# --- one person's quarter, worked out from the gongsu spec's clauses and the source rows ---

LEVEL_BULLETIN = {"national": 10, "provincial": 5, "city": 2, "district": 1}
LEVEL_AWARD = {"national": 5, "provincial": 4, "city": 3, "district": 2}
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _in_q1(text: str | None) -> bool:
    return text is not None and Q1[0] <= date.fromisoformat(text[:10]) <= Q1[1]


def _expected_gongsu_q1(sources: Path, person: str) -> dict[str, float]:
    case = sqlite3.connect(sources / "case.sqlite")
    office = sqlite3.connect(sources / "office.sqlite")
    app = sqlite3.connect(sources / "app.sqlite")
    # 常规工作: approved entries (reviewer ≠ entrant), at most 50.
    routine = sum(
        v
        for (v, d) in app.execute(
            "SELECT value, entry_date FROM manual_entries WHERE person_id = ? AND item ="
            " 'routine_work' AND review_status = 'approved' AND reviewed_by IS NOT NULL"
            " AND reviewed_by <> entered_by",
            (person,),
        )
        if _in_q1(d)
    )
    # 审结案件: 2 per case closed in the quarter, at most 20.
    closed = sum(
        1
        for (d,) in case.execute("SELECT closed_date FROM cases WHERE undertaker_id = ?", (person,))
        if _in_q1(d)
    )
    # 办案期限: 10, −2 per case whose deadline fell in the quarter and was missed.
    as_of = date.fromisoformat(case.execute("SELECT max(updated_at) FROM cases").fetchone()[0][:10])
    overdue = 0
    for deadline, closed_date in case.execute(
        "SELECT deadline_date, closed_date FROM cases WHERE undertaker_id = ?", (person,)
    ):
        dl = date.fromisoformat(deadline)
        missed = (date.fromisoformat(closed_date) > dl) if closed_date else dl < as_of
        if _in_q1(deadline) and dl <= as_of and missed:
            overdue += 1
    # 考勤: one record per day (the first entered), −1 per late, −5 per absence, floor 0.
    first: dict[str, tuple[str, str]] = {}
    for rid, day, status in office.execute(
        "SELECT record_id, work_date, status FROM attendance WHERE person_id = ?", (person,)
    ):
        if _in_q1(day) and (day not in first or rid < first[day][0]):
            first[day] = (rid, status)
    lates = sum(1 for _, s in first.values() if s == "late")
    absences = sum(1 for _, s in first.values() if s == "absent")
    attendance = 0.0 if lates >= 10 or absences >= 2 else max(10.0 - lates - 5 * absences, 0.0)
    # 信息简报: 10/5/2/1 by level, at most 5.
    bulletins = sum(
        LEVEL_BULLETIN[lvl]
        for (lvl, d) in app.execute(
            "SELECT media_level, published_date FROM reg_bulletins WHERE person_id = ?", (person,)
        )
        if _in_q1(d)
    )
    # 表彰奖励: 5/4/3/2, each event once at its highest level, collective halved, at most 5.
    unit = office.execute(
        "SELECT org_unit_id FROM staff WHERE person_id = ?", (person,)
    ).fetchone()[0]
    best: dict[str, float] = {}
    for event, lvl, collective, d in app.execute(
        "SELECT event_key, award_level, is_collective, awarded_date FROM reg_awards"
        " WHERE person_id = ? OR (is_collective = 1 AND person_id IS NULL AND org_unit_id = ?)",
        (person, unit),
    ):
        if _in_q1(d):
            pts = LEVEL_AWARD[lvl] * (0.5 if collective else 1.0)
            best[event] = max(best.get(event, 0.0), pts)
    return {
        "routine_work": min(routine, 50.0),
        "cases_closed": float(min(2 * closed, 20)),
        "overdue_cases": max(10.0 - 2 * overdue, 0.0),
        "attendance": attendance,
        "bulletins": float(min(bulletins, 5)),
        "awards": min(sum(best.values()), 5.0),
    }


def _grade(total: float) -> str:
    return "优秀" if total >= 90 else "良好" if total >= 75 else "称职" if total >= 60 else "不称职"


def test_a_person_quarter_matches_the_hand_computation(demo_build: DemoBuild) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        people = [
            r[0]
            for r in con.execute(
                "SELECT appraisee_id FROM fct_appraisal WHERE spec_id = 'gongsu-staff'"
                " AND period_id = '2026Q1' ORDER BY appraisee_id"
            ).fetchall()
        ]
        assert people, "the demo has 公诉 staff"
        for person in people[:3]:
            expected = _expected_gongsu_q1(demo_build.sources, person)
            got = dict(
                con.execute(
                    "SELECT indicator_id, points FROM fct_indicator_score WHERE appraisee_id = ?"
                    " AND period_id = '2026Q1' AND spec_id = 'gongsu-staff'",
                    [person],
                ).fetchall()
            )
            assert got == pytest.approx(expected), person
            total, grade = con.execute(
                "SELECT total, grade FROM fct_appraisal WHERE appraisee_id = ?"
                " AND period_id = '2026Q1'",
                [person],
            ).fetchone()
            assert total == pytest.approx(sum(expected.values()))
            assert grade == _grade(sum(expected.values()))


def test_failed_build_keeps_the_previous_snapshot(demo_build: DemoBuild, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_build.data_dir, data)
    snapshot = data / "warehouse" / "published.duckdb"
    before = snapshot.read_bytes()
    env = demo_env(data)
    env["KPI_CASE_URL"] = f"sqlite:///{tmp_path / 'missing' / 'case.sqlite'}"  # source down
    proc = kpi(env, "build", check=False)
    assert proc.returncode == 1
    assert "构建失败" in proc.stderr and "case" in proc.stderr
    assert snapshot.read_bytes() == before
    out = kpi(env, "sql", "SELECT count(*) AS n FROM fct_appraisal", "--csv")
    assert out.stdout.splitlines()[0] == "n" and int(out.stdout.splitlines()[1]) > 0


def test_sql_is_read_only(demo_build: DemoBuild) -> None:
    proc = kpi(demo_build.env, "sql", "DELETE FROM fct_appraisal", check=False)
    assert proc.returncode == 1
    assert "read-only" in proc.stderr or "只读" in proc.stderr

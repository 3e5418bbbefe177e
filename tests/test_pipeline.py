"""The pipeline end to end on a small demo: extraction, dbt build, scores, publishing."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.demo.schema import SYSTEMS
from kpi_warehouse.extract.load import replace_raw_table
from kpi_warehouse.extract.sources import SourceTable, read_table_counted, source_tables
from tests.conftest import REPO, DemoBuild, demo_env, kpi


def _source_tables() -> list[SourceTable]:
    """The tables the build extracts: the dbt sources of the prepared manifest."""
    return source_tables(json.loads((REPO / "dbt_project/target/manifest.json").read_text()))


def _sqlite_count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_extraction_counts_match_sources_and_rerun_is_idempotent(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    db = tmp_path / "x.duckdb"
    expected = {
        t.raw_name: _sqlite_count(demo_build.sources / f"{t.system}.sqlite", t.table)
        for t in _source_tables()
    }
    for _ in range(2):  # the second run must leave exactly the same rows
        with duckdb.connect(str(db)) as con:
            for t in _source_tables():
                url = f"sqlite:///{demo_build.sources / (t.system + '.sqlite')}"
                loaded = replace_raw_table(
                    con, t.raw_name, read_table_counted(url, t.table)[0], datetime.now(UTC)
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


# --- one person's quarter, worked out from the 第一检察部 spec's clauses and the source rows ---

LEVEL_BULLETIN = {"national": 3, "provincial": 2, "city": 1, "district": 0.5}
LEVEL_AWARD = {"national": 2, "provincial": 1.5, "city": 1, "district": 0.5}
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _in_q1(text: str | None) -> bool:
    return text is not None and Q1[0] <= date.fromisoformat(text[:10]) <= Q1[1]


def _approved(app: sqlite3.Connection, person: str, items: tuple[str, ...]) -> float:
    """Approved manual entries of these items in Q1 (reviewer recorded and ≠ entrant)."""
    marks = ",".join("?" * len(items))
    return sum(
        v
        for (v, d) in app.execute(
            f"SELECT value, entry_date FROM manual_entries WHERE person_id = ? AND item IN"
            f" ({marks}) AND review_status = 'approved' AND reviewed_by IS NOT NULL"
            " AND reviewed_by <> entered_by",
            (person, *items),
        )
        if _in_q1(d)
    )


def _expected_gongsu_q1(sources: Path, person: str) -> dict[str, float]:
    case = sqlite3.connect(sources / "case.sqlite")
    office = sqlite3.connect(sources / "office.sqlite")
    app = sqlite3.connect(sources / "app.sqlite")
    # 常规工作: approved entries, at most 50 (× 0.8 in the total).
    routine = _approved(app, person, ("routine_work",))
    # 办案数量: 1 per case closed in the quarter, at most 20.
    closed = sum(
        1
        for (d,) in case.execute("SELECT closed_date FROM cases WHERE undertaker_id = ?", (person,))
        if _in_q1(d)
    )
    # 案-件比: 5, −1 per return for supplementary investigation or extension in the quarter.
    steps = sum(
        1
        for (d,) in case.execute(
            "SELECT event_date FROM case_events WHERE person_id = ?"
            " AND event_type IN ('退回补充侦查', '延长审查期限')",
            (person,),
        )
        if _in_q1(d)
    )
    # 超期办案: 5, −2 per case whose deadline fell in the quarter and was missed.
    as_of = date.fromisoformat(case.execute("SELECT max(updated_at) FROM cases").fetchone()[0][:10])
    overdue = 0
    for deadline, closed_date in case.execute(
        "SELECT deadline_date, closed_date FROM cases WHERE undertaker_id = ?", (person,)
    ):
        dl = date.fromisoformat(deadline)
        missed = (date.fromisoformat(closed_date) > dl) if closed_date else dl < as_of
        if _in_q1(deadline) and dl <= as_of and missed:
            overdue += 1
    # 认罪认罚适用率: per month with a prosecution review concluded, ≥85 % → 5, ≥75 % → 3,
    # else 1; the quarter is the mean of those months; none → 5.
    months: dict[str, list[int]] = {}
    for closed_date, plea in case.execute(
        "SELECT closed_date, plea_leniency FROM cases WHERE undertaker_id = ?"
        " AND case_type = '审查起诉' AND closed_date IS NOT NULL",
        (person,),
    ):
        if _in_q1(closed_date):
            months.setdefault(closed_date[:7], []).append(int(plea))
    band = [5.0 if sum(v) / len(v) >= 0.85 else 3.0 if sum(v) / len(v) >= 0.75 else 1.0
            for v in months.values()]  # fmt: skip
    plea_rate = sum(band) / len(band) if band else 5.0
    # 考勤: one record per day (the first entered); 5, −0.5 per late, −5 per absence;
    # 10 lates or 1 absence → 0.
    first: dict[str, tuple[str, str]] = {}
    for rid, day, status in office.execute(
        "SELECT record_id, work_date, status FROM attendance WHERE person_id = ?", (person,)
    ):
        if _in_q1(day) and (day not in first or rid < first[day][0]):
            first[day] = (rid, status)
    lates = sum(1 for _, s in first.values() if s == "late")
    absences = sum(1 for _, s in first.values() if s == "absent")
    attendance = 0.0 if lates >= 10 or absences >= 1 else max(5.0 - 0.5 * lates, 0.0)
    # 民主测评: mean leader rating + mean colleague rating of 2026Q1 (a level nobody rated
    # scores its full 100); × 0.05 in the total.
    evaluation = 0.0
    for level in ("leader", "colleague"):
        scores = [
            v
            for (v,) in app.execute(
                "SELECT score FROM ratings WHERE ratee_id = ? AND period_id = '2026Q1'"
                " AND rater_level = ? AND score IS NOT NULL",
                (person, level),
            )
        ]
        evaluation += sum(scores) / len(scores) if scores else 100.0
    # 信息简报: 3/2/1/0.5 by level, at most 3.
    bulletins = sum(
        LEVEL_BULLETIN[lvl]
        for (lvl, d) in app.execute(
            "SELECT media_level, published_date FROM reg_bulletins WHERE person_id = ?", (person,)
        )
        if _in_q1(d)
    )
    # 表彰奖励: 2/1.5/1/0.5, each event once at its highest level, collective halved, at most 2.
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
    # 奖惩加减分: approved rewards and penalties netted, within ±5.
    adjust = min(max(_approved(app, person, ("reward", "penalty")), -5.0), 5.0)
    return {
        "routine_work": min(routine, 50.0),
        "cases_closed": float(min(closed, 20)),
        "case_ratio": max(5.0 - steps, 0.0),
        "overdue": max(5.0 - 2 * overdue, 0.0),
        "plea_rate": plea_rate,
        "attendance": attendance,
        "evaluation": evaluation,
        "bulletins": float(min(bulletins, 3)),
        "awards": min(sum(best.values()), 2.0),
        "adjust": adjust,
    }


WEIGHTS = {"routine_work": 0.8, "evaluation": 0.05}


def _total(points: dict[str, float]) -> float:
    return sum(WEIGHTS.get(k, 1.0) * v for k, v in points.items())


def _band(total: float) -> str:
    return "优秀" if total >= 85 else "良好" if total >= 75 else "称职" if total >= 60 else "不称职"


def test_a_person_quarter_matches_the_hand_computation(demo_build: DemoBuild) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        people = [
            r[0]
            for r in con.execute(
                "SELECT appraisee_id FROM fct_appraisal WHERE spec_id = 'gongsu-staff'"
                " AND period_id = '2026Q1' ORDER BY appraisee_id"
            ).fetchall()
        ]
        assert people, "the demo has 第一检察部 prosecutors"
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
            total, grade, note = con.execute(
                "SELECT total, grade, coalesce(grade_note, '') FROM fct_appraisal"
                " WHERE appraisee_id = ? AND period_id = '2026Q1' AND spec_id = 'gongsu-staff'",
                [person],
            ).fetchone()
            assert total == pytest.approx(_total(expected))
            # The band grade, unless a rule (veto, forced grade, quota) says why not.
            assert grade == _band(_total(expected)) or note, person


def test_broken_sources_fail_before_dbt_and_keep_the_snapshot(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_build.data_dir, data)
    snapshot = data / "warehouse" / "published.duckdb"
    before = snapshot.read_bytes()
    env = demo_env(data)
    missing = tmp_path / "missing" / "case.sqlite"
    env["KPI_CASE_URL"] = f"sqlite:///{missing}"  # a source file that was never created
    with sqlite3.connect(data / "sources" / "office.sqlite") as con:
        con.execute("ALTER TABLE staff DROP COLUMN post")  # a column the dbt source declares
    proc = kpi(env, "build", check=False)
    assert proc.returncode == 1
    err = proc.stderr
    assert "构建失败" in err
    # Each failure names its step, the source (path or URL) and the table.
    assert "extract case" in err and str(missing) in err and "does not exist" in err
    assert "extract office" in err and "staff" in err and "post" in err
    assert "office.sqlite" in err
    assert not missing.exists() and not missing.parent.exists()  # never created empty
    assert "warehouse_models" not in proc.stdout  # dbt never ran
    assert "dbt [" not in err  # (no model progress line either)
    assert "check that the source is reachable" in err  # and what to do
    assert snapshot.read_bytes() == before
    out = kpi(env, "sql", "SELECT count(*) AS n FROM fct_appraisal", "--csv")
    assert out.stdout.splitlines()[0] == "n" and int(out.stdout.splitlines()[1]) > 0


def test_snapshot_is_stamped_with_the_specs_that_were_scored(demo_build: DemoBuild) -> None:
    specs_dir = REPO / "kpi_specs"
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        scored = con.execute(
            "SELECT spec_id, effective_from, version, file, sha256 FROM specs.spec_versions"
        ).fetchall()
        versions, hashes = con.execute(
            "SELECT spec_versions, spec_sha256 FROM meta_snapshot"
        ).fetchone()
        used = {r[0] for r in con.execute("SELECT DISTINCT spec_id FROM fct_appraisal").fetchall()}
    assert scored and used <= {r[0] for r in scored}
    for spec_id, start, version, file, digest in scored:
        key = f"{spec_id}@{start.isoformat()}"
        assert json.loads(versions)[key] == version
        assert json.loads(hashes)[key] == digest
        assert hashlib.sha256((specs_dir / file).read_bytes()).hexdigest() == digest


def test_sql_is_read_only(demo_build: DemoBuild) -> None:
    proc = kpi(demo_build.env, "sql", "DELETE FROM fct_appraisal", check=False)
    assert proc.returncode == 1
    assert any(w in proc.stderr for w in ("read-only", "只读", "refused"))

"""Closed periods, the publish guard and the build's warnings through the real pipeline, on
a copy of the small demo: close 2026Q1 → an edit of its spec version is refused by `kpi
validate` and by the build → a successor version and changed sources → rebuild: 2026Q1 is
served as closed, row for row, while 2026Q2 follows the change → reopen, and a department
loses a person → `kpi build --accept-drop` publishes, is logged, and 2026Q1 is rescored."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.store import audit
from tests.conftest import DemoBuild, copy_demo, kpi

DEPT = "PRC-CITY-gongsu"

# The rows of each published result of a period (sorted: the table order is not a result).
PERIOD_ROWS = {
    "dim_period": "SELECT * FROM dim_period WHERE period_id = $p",
    "fct_indicator_score": "SELECT * FROM fct_indicator_score WHERE period_id = $p",
    "fct_evidence": "SELECT e.* FROM fct_evidence e JOIN fct_indicator_score s "
    "USING (indicator_score_id) WHERE s.period_id = $p",
    "fct_activity": "SELECT a.* FROM fct_activity a, dim_period d WHERE d.period_id = $p "
    "AND a.activity_date BETWEEN d.start_date AND d.end_date",
    "fct_appraisal": "SELECT * FROM fct_appraisal WHERE period_id = $p",
    "fct_payout": "SELECT * FROM fct_payout WHERE period_id = $p",
    "fct_org_unit_appraisal": "SELECT * FROM fct_org_unit_appraisal WHERE period_id = $p",
    "fct_indicator_coverage": "SELECT * FROM fct_indicator_coverage WHERE period_id = $p",
}


def _period(snapshot: Path, period: str) -> dict[str, list[tuple]]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return {
            mart: con.execute(f"{sql} ORDER BY ALL", {"p": period}).fetchall()
            for mart, sql in PERIOD_ROWS.items()
        }


def _one(snapshot: Path, sql: str, *params: object) -> object:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        row = con.execute(sql, list(params)).fetchone()
    return None if row is None else row[0]


def _attendance(snapshot: Path, person: str, period: str) -> float:
    return _one(
        snapshot,
        "SELECT points FROM fct_indicator_score WHERE spec_id = 'gongsu-staff' "
        "AND indicator_id = 'attendance' AND appraisee_id = ? AND period_id = ?",
        person,
        period,
    )


def _line(text: str, marker: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if marker in t)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.timeout(2400)  # three builds of the small demo on a shared machine
def test_a_closed_period_stays_as_closed_until_reopened(
    demo_build: DemoBuild, tmp_path: Path
) -> None:
    demo, specs = copy_demo(demo_build, tmp_path)
    data, env = demo.data_dir, demo.env
    snapshot, office = data / "warehouse" / "published.duckdb", data / "sources" / "office.sqlite"
    store = f"sqlite:///{data / 'sources' / 'app.sqlite'}"

    # A 第一检察部 person of the city with full attendance points (5) in both quarters and
    # not 不称职 in 2026Q2: two of their on-time days in each quarter become absences.
    person = _one(
        snapshot,
        "SELECT q1.appraisee_id FROM fct_indicator_score q1 JOIN fct_indicator_score q2 "
        "USING (appraisee_id, spec_id, indicator_id) JOIN fct_appraisal a "
        "ON a.appraisee_id = q1.appraisee_id AND a.period_id = '2026Q2' "
        "WHERE q1.spec_id = 'gongsu-staff' AND q1.indicator_id = 'attendance' "
        "AND q1.period_id = '2026Q1' AND q2.period_id = '2026Q2' AND q1.points = 5 "
        "AND q2.points = 5 AND a.grade <> '不称职' AND a.org_unit_id = ? "
        "ORDER BY 1 LIMIT 1",
        DEPT,
    )
    assert person is not None

    # 1. Close 2026Q1: only the appraisal office (or an admin) may.
    refused = kpi(env, "close-period", "2026Q1", "--user", "staff", check=False)
    assert refused.returncode == 2 and "appraisal office" in refused.stderr
    closed = kpi(env, "close-period", "2026Q1", "--user", "appraisal_office")
    assert "2026Q1" in closed.stdout and "closed" in closed.stdout
    q1, q2 = _period(snapshot, "2026Q1"), _period(snapshot, "2026Q2")
    assert all(q1[m] for m in ("fct_indicator_score", "fct_evidence", "fct_appraisal"))
    results = (
        "SELECT spec_id, spec_version, appraisee_type, appraisee_id, org_unit_id, total, "
        "rank_in_category, grade FROM {} WHERE period_id = '2026Q1' ORDER BY ALL"
    )
    with duckdb.connect(str(snapshot), read_only=True) as con:
        as_closed = con.execute(results.format("fct_appraisal")).fetchall()
        assert con.execute(results.format("fct_rescored_appraisal")).fetchall() == []

    # 2. Editing the version that scored 2026Q1 is refused, located, by validate and build.
    gongsu = specs / "demo" / "gongsu-2026.yaml"
    original = gongsu.read_text(encoding="utf-8")
    edited = original.replace("per: {late: 0.5, absent: 5}", "per: {late: 1, absent: 5}")
    assert edited != original
    gongsu.write_text(edited, encoding="utf-8")
    where = f"{gongsu}:{_line(edited, 'per: {late: 1, absent: 5}')}"
    checked = kpi(env, "validate", check=False)
    assert checked.returncode == 1
    assert where in checked.stderr and "已结账的考核期 2026Q1" in checked.stderr
    assert "scored the closed period(s) 2026Q1" in checked.stderr
    published = _sha(snapshot)
    build = kpi(env, "build", check=False)
    assert build.returncode == 1 and where in build.stderr
    assert _sha(snapshot) == published

    # 3. The spec succeeded from 2026-04-01 (the old version ends with 2026Q1) and the
    #    sources changed in both quarters; a newcomer whom no spec covers.
    gongsu.write_text(
        original.replace(
            "effective_from: 2026-01-01", "effective_from: 2026-01-01\neffective_to: 2026-03-31"
        ),
        encoding="utf-8",
    )
    (specs / "demo" / "gongsu-2026-q2.yaml").write_text(
        original.replace('version: "2026.1"', 'version: "2026.2"').replace(
            "effective_from: 2026-01-01", "effective_from: 2026-04-01"
        ),
        encoding="utf-8",
    )
    with sqlite3.connect(office) as db:
        for start, end in (("2026-01-01", "2026-03-31"), ("2026-04-01", "2026-06-30")):
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT record_id FROM attendance WHERE person_id = ? AND status = 'on_time' "
                    "AND work_date BETWEEN ? AND ? ORDER BY work_date LIMIT 2",
                    (person, start, end),
                )
            ]
            assert len(ids) == 2
            db.executemany(
                "UPDATE attendance SET status = 'absent' WHERE record_id = ?", [(i,) for i in ids]
            )
        # 办公室's spec appraises its staff posts, not the leadership: a new 副检察长 there is
        # covered by no spec.
        db.execute(
            "INSERT INTO staff VALUES ('P09999', '新同志', 'PRC-CITY-office', '副检察长', "
            "'科级干部', '2026-01-05', 'on_post', NULL, '2026-01-05')"
        )
    kpi(env, "build")
    assert _period(snapshot, "2026Q1") == q1  # as closed, row for row
    # 2026Q2 is open: one absence zeroes attendance (zero_if absent ≥ 1) and two make the
    # grade 不称职 (forced); scored by the new version.
    assert _attendance(snapshot, person, "2026Q2") == 0
    assert (
        _one(
            snapshot,
            "SELECT grade || ' ' || spec_version FROM fct_appraisal WHERE appraisee_id = ? "
            "AND period_id = '2026Q2'",
            person,
        )
        == "不称职 2026.2"
    )
    assert _period(snapshot, "2026Q2") != q2
    assert _one(snapshot, "SELECT string_agg(period_id, ',') FROM meta_closed_period") == "2026Q1"
    # The newcomer gets no grade: a warning of the build.
    assert (
        _one(
            snapshot,
            "SELECT severity FROM fct_data_quality WHERE check_name = 'person_without_spec' "
            "AND person_id = 'P09999'",
        )
        == "warning"
    )

    # 4. Reopened with a reason; a person of the department goes on long leave. Without
    #    --accept-drop the publish would stop; with it, it is logged and 2026Q1 rescored.
    kpi(
        env,
        "reopen-period",
        "2026Q1",
        "--user",
        "appraisal_office",
        "--reason",
        "考勤更正后重新计分",
    )
    heads = _one(
        snapshot,
        "SELECT count(DISTINCT appraisee_id) FROM fct_appraisal WHERE org_unit_id = ? "
        "AND period_id = '2026Q2' AND appraisee_type = 'person'",
        DEPT,
    )
    assert 2 <= heads <= 9  # so one person fewer is a fall of more than 10 %
    other = _one(
        snapshot,
        "SELECT min(appraisee_id) FROM fct_appraisal WHERE org_unit_id = ? AND period_id = "
        "'2026Q2' AND appraisee_type = 'person' AND appraisee_id <> ?",
        DEPT,
        person,
    )
    with sqlite3.connect(office) as db:
        db.execute("UPDATE staff SET status = 'long_leave' WHERE person_id = ?", (other,))
    kpi(env, "build", "--accept-drop", DEPT)
    assert _attendance(snapshot, person, "2026Q1") == 0  # rescored from the corrected sources
    frozen = "SELECT count(*) FROM meta_closed_period"
    assert _one(snapshot, frozen) == 0  # no period served frozen any more
    assert (
        _one(
            snapshot,
            "SELECT count(*) FROM fct_appraisal WHERE appraisee_id = ? AND period_id = '2026Q1'",
            other,
        )
        == 0
    )
    # The re-scored 2026Q1 keeps its earlier result beside the new one: every result as it
    # was closed, with who reopened it and why; the person's two absences now make 不称职.
    with duckdb.connect(str(snapshot), read_only=True) as con:
        assert con.execute(results.format("fct_rescored_appraisal")).fetchall() == as_closed
        assert con.execute(
            "SELECT DISTINCT closed_by, reopened_by, reopen_reason FROM fct_rescored_appraisal"
        ).fetchall() == [("appraisal_office", "appraisal_office", "考勤更正后重新计分")]
        earlier_grade = next(r[7] for r in as_closed if r[3] == person)
        now = con.execute(
            "SELECT a.grade, e.grade FROM fct_appraisal a JOIN fct_rescored_appraisal e "
            "USING (spec_id, appraisee_id, period_id) WHERE a.period_id = '2026Q1' "
            "AND a.appraisee_id = ?",
            [person],
        ).fetchall()
        assert now == [("不称职", earlier_grade)]
    [logged] = audit.events(action="accept_drop", url=store)
    detail = json.loads(logged.detail)
    assert logged.target == DEPT and detail["before"] - detail["after"] == 1
    assert detail["gone"] == [other]
    assert {e.action for e in audit.events(url=store)} >= {"period_close", "period_reopen"}

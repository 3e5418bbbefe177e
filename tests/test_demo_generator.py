"""The deterministic demo source generator (kpi_warehouse.demo.generate)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from kpi_warehouse.demo.generate import (
    DIRTY_ROWS,
    build_rows,
    columns,
    generate,
    main,
    write_sqlalchemy,
    write_to_url,
)
from kpi_warehouse.demo.schema import SYSTEMS
from kpi_warehouse.demo.workdays import is_working_day

SYSTEM_NAMES = ("case", "office", "app")


def _connect(paths: dict[str, Path]) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    for system, path in paths.items():
        con.execute(f"ATTACH DATABASE '{path}' AS {system}_db")
    return con


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """50 staff, default seed, written through the command line."""
    out = tmp_path_factory.mktemp("small")
    assert main(["--out", str(out), "--staff", "50"]) == 0
    return {s: out / f"{s}.sqlite" for s in SYSTEM_NAMES}


@pytest.fixture(scope="module")
def db(small: dict[str, Path]) -> sqlite3.Connection:
    return _connect(small)


@pytest.fixture(scope="module")
def rows300() -> dict[str, dict[str, list[tuple[object, ...]]]]:
    return build_rows(300)


def test_same_seed_gives_identical_bytes(tmp_path: Path, small: dict[str, Path]) -> None:
    again = generate(tmp_path / "again", staff=50)
    assert set(again) == set(SYSTEM_NAMES)
    for system in SYSTEM_NAMES:
        assert again[system].read_bytes() == small[system].read_bytes(), system
    other = generate(tmp_path / "other", staff=50, seed=7)
    for system in SYSTEM_NAMES:
        assert other[system].read_bytes() != small[system].read_bytes(), system


def test_output_does_not_depend_on_hash_seed(tmp_path: Path, small: dict[str, Path]) -> None:
    """No set-order or hash dependence: another interpreter with another PYTHONHASHSEED."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    cmd = [sys.executable, "-m", "kpi_warehouse.demo.generate", "--out", str(tmp_path)]
    subprocess.run([*cmd, "--staff", "50"], check=True, env=env, capture_output=True)
    for system in SYSTEM_NAMES:
        assert (tmp_path / f"{system}.sqlite").read_bytes() == small[system].read_bytes()


def test_overwrite_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    generate(tmp_path, staff=20)
    first = {s: (tmp_path / f"{s}.sqlite").read_bytes() for s in SYSTEM_NAMES}
    generate(tmp_path, staff=20)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{s}.sqlite" for s in SYSTEM_NAMES)
    assert all((tmp_path / f"{s}.sqlite").read_bytes() == first[s] for s in SYSTEM_NAMES)


def test_staff_count_and_all_tables_filled(db: sqlite3.Connection) -> None:
    assert db.execute("SELECT count(*) FROM office_db.staff").fetchone() == (50,)
    for system, tables in SYSTEMS.items():
        for table in tables:
            (n,) = db.execute(f"SELECT count(*) FROM {system}_db.{table}").fetchone()
            assert n > 0, f"{system}.{table} is empty"


def test_referential_integrity(db: sqlite3.Connection) -> None:
    orphans = db.execute(
        "SELECT s.person_id FROM office_db.staff s "
        "LEFT JOIN office_db.org_units u USING (org_unit_id) WHERE u.org_unit_id IS NULL"
    ).fetchall()
    assert orphans == []
    # Every procuratorate has the five registry owners and ten business departments.
    per_prc = db.execute(
        "SELECT procuratorate_id, kind, count(*) FROM office_db.org_units GROUP BY 1, 2"
    ).fetchall()
    assert sorted(per_prc) == sorted(
        [(p, "registry_owner", 5) for p in ("PRC-CITY", "PRC-D1", "PRC-D2", "PRC-D3", "PRC-D4")]
        + [(p, "business", 10) for p in ("PRC-CITY", "PRC-D1", "PRC-D2", "PRC-D3", "PRC-D4")]
    )
    # Registries are recorded by the keeping office of the same procuratorate.
    keepers = {
        "reg_bulletins": "office",
        "reg_awards": "political",
        "reg_publicity": "publicity",
        "reg_research": "research",
        "reg_discipline": "supervision",
    }
    for table, dept_key in keepers.items():
        bad = db.execute(
            f"SELECT r.recorded_by FROM app_db.{table} r "
            "LEFT JOIN office_db.org_units u ON u.org_unit_id = r.recorded_by "
            f"WHERE u.dept_key IS NOT '{dept_key}'"
        ).fetchall()
        assert bad == [], table
    # Cases are undertaken by business staff of the undertaking department.
    bad_cases = db.execute(
        "SELECT c.case_id FROM case_db.cases c JOIN office_db.staff s "
        "ON s.person_id = c.undertaker_id "
        "WHERE s.org_unit_id <> c.org_unit_id OR c.deadline_date < c.accepted_date "
        "OR c.closed_date < c.accepted_date"
    ).fetchall()
    assert bad_cases == []


def test_manual_entries_are_reviewed_by_someone_else(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT entry_id, entered_by, reviewed_by, review_status FROM app_db.manual_entries"
    ).fetchall()
    assert {r[3] for r in rows} == {"approved", "rejected", "pending"}
    for entry_id, entered_by, reviewed_by, status in rows:
        if status in ("approved", "rejected"):
            assert reviewed_by is not None, entry_id
            assert reviewed_by != entered_by, entry_id
        else:
            assert reviewed_by is None, entry_id


def test_dirty_rows(db: sqlite3.Connection) -> None:
    # (1) a bulletin of an unknown person.
    (bulletin,) = db.execute(
        "SELECT person_id FROM app_db.reg_bulletins WHERE bulletin_id = 'BL999999'"
    ).fetchall()
    assert bulletin == ("P99999",)
    assert db.execute(
        "SELECT count(*) FROM office_db.staff WHERE person_id = 'P99999'"
    ).fetchone() == (0,)
    # (2) one award event at two levels for the same person.
    award = db.execute(
        "SELECT award_id, person_id, award_level, is_collective FROM app_db.reg_awards "
        "WHERE event_key = 'EV-0001' ORDER BY award_id"
    ).fetchall()
    assert [(a[0], a[2]) for a in award] == [("AW00001", "city"), ("AW00002", "provincial")]
    assert award[0][1] == award[1][1] is not None and award[0][3] == award[1][3] == 0
    # (3) a pending manual entry.
    assert db.execute(
        "SELECT review_status, reviewed_by, reviewed_at FROM app_db.manual_entries "
        "WHERE entry_id = 'ME999999'"
    ).fetchall() == [("pending", None, None)]
    # (4) one attendance day recorded twice, on_time first, late second.
    (dup,) = db.execute(
        "SELECT person_id, work_date FROM office_db.attendance WHERE record_id = 'AT99999999'"
    ).fetchall()
    both = db.execute(
        "SELECT record_id, status FROM office_db.attendance WHERE person_id = ? AND work_date = ? "
        "ORDER BY record_id",
        dup,
    ).fetchall()
    assert [s for _, s in both] == ["on_time", "late"] and both[1][0] == "AT99999999"
    # No other day is recorded twice.
    assert db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM office_db.attendance GROUP BY person_id, work_date "
        "HAVING count(*) > 1)"
    ).fetchone() == (1,)
    # Each documented dirty row is there.
    for dirty in DIRTY_ROWS:
        (n,) = db.execute(
            f"SELECT count(*) FROM {dirty.system}_db.{dirty.table} WHERE {dirty.column} = ?",
            (dirty.value,),
        ).fetchone()
        assert n >= 1, dirty


def test_categories_posts_and_statuses(db: sqlite3.Connection) -> None:
    categories = {r[0] for r in db.execute("SELECT category FROM office_db.staff")}
    assert categories == {"科级干部", "中层干部", "一般工作人员"}
    statuses = {r[0] for r in db.execute("SELECT status FROM office_db.staff")}
    assert statuses == {"on_post", "seconded", "retiring", "long_leave"}
    leave = db.execute(
        "SELECT leave_date FROM office_db.staff WHERE status = 'retiring'"
    ).fetchall()
    assert all("2026-01-01" <= d <= "2026-12-31" for (d,) in leave)
    # Nobody on long leave clocks in; attendance is kept on working days only.
    assert db.execute(
        "SELECT count(*) FROM office_db.attendance a JOIN office_db.staff s USING (person_id) "
        "WHERE s.status = 'long_leave'"
    ).fetchone() == (0,)
    days = [date.fromisoformat(d) for (d,) in db.execute(
        "SELECT DISTINCT work_date FROM office_db.attendance")]  # fmt: skip
    assert days and all(is_working_day(d) for d in days)
    assert date(2026, 2, 17) not in days and date(2026, 5, 1) not in days


def test_activity_spread_is_wide(rows300: dict[str, dict[str, list[tuple[object, ...]]]]) -> None:
    """Diligence spreads people out: some are late 10+ times a quarter, some are absent,
    case counts run from a handful to 20+, a few people take > 15 days of leave."""
    office, case, app = rows300["office"], rows300["case"], rows300["app"]

    def quarter(day: object) -> str:
        return f"Q{(int(str(day)[5:7]) - 1) // 3 + 1}"

    late = Counter((r[1], quarter(r[2])) for r in office["attendance"] if r[3] == "late")
    absent = Counter((r[1], quarter(r[2])) for r in office["attendance"] if r[3] == "absent")
    leave = Counter((r[1], quarter(r[2])) for r in office["attendance"] if r[3] == "leave")
    assert max(late.values()) >= 10
    assert 1 <= len([k for k, n in absent.items() if n >= 2]) < 60
    assert any(n > 15 for n in leave.values())
    closed = Counter((r[5], quarter(r[8])) for r in case["cases"] if r[8] is not None)
    assert min(closed.values()) <= 3 and max(closed.values()) >= 20
    assert any(r[8] is None or r[8] > r[7] for r in case["cases"])  # overdue or open
    routine = [r[3] for r in app["manual_entries"] if r[2] == "routine_work"]
    assert min(routine) < 30 and max(routine) > 45  # type: ignore[operator]
    levels = Counter(r[3] for r in app["reg_bulletins"])
    assert levels["national"] < levels["provincial"] < levels["city"]
    assert {r[4] for r in app["ratings"]} == {"leader", "colleague"}
    assert {r[2] for r in app["reg_discipline"]} <= {"efficiency_warning", "admonition", "demerit"}


def test_build_rows_match_ddl(rows300: dict[str, dict[str, list[tuple[object, ...]]]]) -> None:
    assert list(rows300) == list(SYSTEMS)
    for system, tables in SYSTEMS.items():
        assert list(rows300[system]) == list(tables)
        for table, ddl in tables.items():
            width = len(columns(ddl))
            assert all(len(r) == width for r in rows300[system][table]), table


def test_write_sqlalchemy_and_write_to_url(tmp_path: Path) -> None:
    rows = build_rows(20)
    url = f"sqlite:///{tmp_path / 'via_sqlalchemy.sqlite'}"
    for system, tables in rows.items():
        write_sqlalchemy(url, system, tables)
    write_sqlalchemy(url, "app", rows["app"])  # drops and recreates
    con = sqlite3.connect(tmp_path / "via_sqlalchemy.sqlite")
    for tables in rows.values():
        for table, data in tables.items():
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (len(data),)
    con.close()
    write_to_url("office", f"sqlite:///{tmp_path / 'office.sqlite'}", rows["office"])
    con = sqlite3.connect(tmp_path / "office.sqlite")
    assert con.execute("SELECT count(*) FROM staff").fetchone() == (20,)
    con.close()

"""The benchmark's province: more procuratorates, province density, one more day.

Expected values are worked out by hand from the rules in kpi_warehouse.demo.province,
.org.apportion, .case_steps and .append (see each test's comment).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from kpi_warehouse.demo.append import append_day
from kpi_warehouse.demo.generate import generate, make_context
from kpi_warehouse.demo.workdays import is_working_day

START, END = date(2026, 1, 1), date(2026, 3, 31)
BASE_KINDS = {"受理", "退回补充侦查", "延长审查期限", "审结"}
STEP_KINDS = {
    "分案", "告知诉讼权利", "案卡填录", "阅卷", "审查证据", "讯问犯罪嫌疑人", "听取辩护人意见",
    "听取被害人意见", "调查核实证据", "检察官联席会议", "制作审查报告", "提请审批", "审批",
    "制作法律文书", "文书送达", "调查核实", "听取当事人意见",
}  # fmt: skip
# Least steps a closed case logs (sum of each step's minimum count in case_steps).
MIN_STEPS = {"审查逮捕": 12, "审查起诉": 19}
MIN_STEPS_SUPERVISION = 13


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _digest(path: Path, sql: str) -> str:
    return hashlib.sha256(repr(_rows(path, sql)).encode()).hexdigest()


# --------------------------------------------------------------------------- the five


def test_default_is_the_demo_five(tmp_path: Path) -> None:
    default = generate(tmp_path / "default", staff=300)
    explicit = generate(tmp_path / "five", staff=300, procuratorates=5, density="demo")
    for system, path in default.items():
        assert path.read_bytes() == explicit[system].read_bytes(), system
    prcs = _rows(default["office"], "SELECT * FROM procuratorates ORDER BY procuratorate_id")
    assert prcs == [
        ("PRC-CITY", "南京市人民检察院", "city", None),
        ("PRC-D1", "南京市玄武区人民检察院", "district", "PRC-CITY"),
        ("PRC-D2", "南京市秦淮区人民检察院", "district", "PRC-CITY"),
        ("PRC-D3", "南京市鼓楼区人民检察院", "district", "PRC-CITY"),
        ("PRC-D4", "南京市建邺区人民检察院", "district", "PRC-CITY"),
    ]


def _headcount(procuratorates: int, staff: int) -> dict[str, int]:
    org = make_context(staff, procuratorates=procuratorates).org
    return {k: len(v) for k, v in org.by_prc.items()}


def test_demo_weights_still_apply_to_five() -> None:
    # 300 × (0.32, 0.17, 0.17, 0.17, 0.17) = 96, 51, 51, 51, 51 exactly.
    assert _headcount(5, 300) == {
        "PRC-CITY": 96, "PRC-D1": 51, "PRC-D2": 51, "PRC-D3": 51, "PRC-D4": 51,
    }  # fmt: skip


def test_six_procuratorates_weigh_city_two_district_one() -> None:
    # 南京市院 and 无锡市院 weigh 2, the four districts 1: 700 / 8 = 87.5 per unit of weight,
    # so 175 per city and 87.5 per district; the two leftover people go to the first two
    # districts (largest remainder, ties in order).
    assert _headcount(6, 700) == {
        "PRC-CITY": 175, "PRC-D1": 88, "PRC-D2": 88, "PRC-D3": 87, "PRC-D4": 87,
        "PRC-C02": 175,
    }  # fmt: skip


@pytest.mark.parametrize("n", [4, 109])
def test_procuratorates_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        make_context(600, procuratorates=n)


# --------------------------------------------------------------------------- the province


def test_hundred_procuratorates() -> None:
    org = make_context(400, procuratorates=100).org
    prcs = org.procuratorates
    ids = {p.procuratorate_id for p in prcs}
    cities = [p for p in prcs if p.level == "city"]
    assert len(prcs) == 100 and len(ids) == 100
    assert len({p.name for p in prcs}) == 100
    assert len({p.case_prefix for p in prcs}) == 100
    assert [p.name for p in cities] == [
        f"{c}人民检察院"
        for c in ("南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市", "连云港市",
                  "淮安市", "盐城市", "扬州市", "镇江市", "泰州市", "宿迁市")
    ]  # fmt: skip
    assert all(p.parent_id is None for p in cities)
    city_ids = {p.procuratorate_id for p in cities}
    districts = [p for p in prcs if p.level == "district"]
    assert all(p.parent_id in city_ids for p in districts)
    # After the five and the twelve other cities, 83 districts round robin over the
    # cities' remaining divisions (南京 7, 无锡 7, 徐州 10, 常州 6, 苏州 9, 南通 7, 连云港 6,
    # 淮安 7, 盐城 9, 扬州 6, 镇江 6, 泰州 6, 宿迁 5): five full rounds (65), a sixth
    # without 宿迁 (77), and six of the seventh round (南京 无锡 徐州 苏州 南通 淮安).
    per_city = Counter(p.parent_id for p in districts)
    assert per_city == {
        "PRC-CITY": 11, "PRC-C02": 7, "PRC-C03": 7, "PRC-C04": 6, "PRC-C05": 7,
        "PRC-C06": 7, "PRC-C07": 6, "PRC-C08": 7, "PRC-C09": 6, "PRC-C10": 6,
        "PRC-C11": 6, "PRC-C12": 6, "PRC-C13": 5,
    }  # fmt: skip
    by_name = {p.name: p for p in prcs}
    assert by_name["无锡市梁溪区人民检察院"].parent_id == "PRC-C02"
    assert by_name["江阴市人民检察院"].parent_id == "PRC-C02"
    assert by_name["金湖县人民检察院"] is prcs[-1]
    assert "射阳县人民检察院" not in by_name
    assert [p.procuratorate_id for p in prcs[:5]] == [
        "PRC-CITY", "PRC-D1", "PRC-D2", "PRC-D3", "PRC-D4",
    ]  # fmt: skip
    assert len(org.units) == 15 * 100
    assert all(len([u for u in org.units if u.procuratorate is p]) == 15 for p in prcs)
    assert len(org.people) == 400


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """20 procuratorates, 400 staff, the first quarter, in both densities."""
    root = tmp_path_factory.mktemp("quarter")
    return {
        density: generate(
            root / density, staff=400, start=START, end=END, procuratorates=20, density=density
        )
        for density in ("demo", "province")
    }


def test_province_directory(quarter: dict[str, dict[str, Path]]) -> None:
    office = quarter["province"]["office"]
    assert _rows(office, "SELECT count(*) FROM procuratorates") == [(20,)]
    assert _rows(office, "SELECT count(*) FROM org_units") == [(300,)]
    assert _rows(office, "SELECT count(*) FROM staff") == [(400,)]
    # The first 20: the five, the twelve other cities, then 南京's 浦口, 无锡's 梁溪, 徐州's 鼓楼.
    assert _rows(office, "SELECT count(*) FROM procuratorates WHERE level = 'city'") == [(13,)]
    orphans = """SELECT count(*) FROM procuratorates d LEFT JOIN procuratorates c
                 ON c.procuratorate_id = d.parent_id AND c.level = 'city'
                 WHERE d.level = 'district' AND c.procuratorate_id IS NULL"""
    assert _rows(office, orphans) == [(0,)]
    # The city's unit appraisal still covers the demo's four districts only (the specs'
    # population): 2 specs × 4 districts × 1 quarter.
    app = quarter["province"]["app"]
    items = _rows(app, "SELECT DISTINCT org_unit_id FROM kpi_unit_cycle_item ORDER BY 1")
    assert _rows(app, "SELECT count(*) FROM kpi_unit_cycle_item") == [(8,)]
    assert [u for (u,) in items] == [
        f"PRC-D{i}-{k}" for i in range(1, 5) for k in ("gongsu", "zhongxing")
    ]


def test_cases_are_the_same_in_both_densities(quarter: dict[str, dict[str, Path]]) -> None:
    sql = "SELECT * FROM cases ORDER BY case_id"
    demo, province = _rows(quarter["demo"]["case"], sql), _rows(quarter["province"]["case"], sql)
    assert demo and demo == province
    base = ", ".join(f"'{k}'" for k in BASE_KINDS)
    events = f"""SELECT case_id, event_type, event_date, person_id FROM case_events
                 WHERE event_type IN ({base})"""
    assert Counter(_rows(quarter["demo"]["case"], events)) == Counter(
        _rows(quarter["province"]["case"], events)
    )


def test_province_logs_procedural_steps(quarter: dict[str, dict[str, Path]]) -> None:
    case, office = quarter["province"]["case"], quarter["province"]["office"]
    demo_kinds = {
        k for (k,) in _rows(quarter["demo"]["case"], "SELECT event_type FROM case_events")
    }
    kinds = {k for (k,) in _rows(case, "SELECT DISTINCT event_type FROM case_events")}
    assert demo_kinds <= BASE_KINDS
    assert kinds == BASE_KINDS | STEP_KINDS
    # Every closed case logs at least its types' minimum of steps, plus 受理 and 审结.
    counts = _rows(
        case,
        """SELECT c.case_type, count(*) FROM cases c JOIN case_events e USING (case_id)
           WHERE c.closed_date IS NOT NULL GROUP BY c.case_id, c.case_type""",
    )
    assert counts
    for case_type, n in counts:
        assert n >= MIN_STEPS.get(case_type, MIN_STEPS_SUPERVISION) + 2, (case_type, n)
    # Steps fall inside the case's life, on working days, and 审结 is a closed case's
    # last event (ids follow the day, then the case, then the step's place in it).
    con = sqlite3.connect(case)
    con.execute(f"ATTACH DATABASE '{office}' AS office")
    try:
        rows = con.execute(
            """SELECT e.event_id, e.event_type, e.event_date, e.updated_at, c.accepted_date,
                      c.closed_date, c.org_unit_id, s.org_unit_id
               FROM case_events e JOIN cases c USING (case_id)
               JOIN office.staff s ON s.person_id = e.person_id"""
        ).fetchall()
        last = con.execute(
            """SELECT e.event_type FROM case_events e
               JOIN (SELECT case_id, max(event_id) AS event_id FROM case_events
                     GROUP BY case_id) l USING (event_id)
               JOIN cases c ON c.case_id = e.case_id
               WHERE c.closed_date IS NOT NULL"""
        ).fetchall()
        (n_events,) = con.execute("SELECT count(*) FROM case_events").fetchone()
    finally:
        con.close()
    assert len(rows) == n_events  # every handling person is in the directory
    for _, kind, day, updated, accepted, closed, case_unit, person_unit in rows:
        assert START.isoformat() <= accepted <= day <= (closed or END.isoformat()) <= "2026-03-31"
        assert is_working_day(date.fromisoformat(day))
        assert updated == f"{day}T18:00:00"
        if kind in STEP_KINDS:  # undertaker, the department's 书记员 or its head
            assert person_unit == case_unit
    assert {k for (k,) in last} == {"审结"}


def test_province_documents(quarter: dict[str, dict[str, Path]]) -> None:
    demo, province = quarter["demo"]["office"], quarter["province"]["office"]
    (n_demo,) = _rows(demo, "SELECT count(*) FROM documents")[0]
    (n_province,) = _rows(province, "SELECT count(*) FROM documents")[0]
    assert n_province > 5 * n_demo
    docs = _rows(province, "SELECT handled_date, updated_at, doc_type FROM documents")
    for day, updated, doc_type in docs:
        assert START.isoformat() <= day <= END.isoformat()
        assert is_working_day(date.fromisoformat(day))
        assert updated == f"{day}T18:00:00"
        assert doc_type in ("收文", "发文", "会议纪要", "督办件")
    on_leave = """SELECT count(*) FROM documents d JOIN attendance a
                  ON a.person_id = d.person_id AND a.work_date = d.handled_date
                  WHERE a.status IN ('leave', 'absent')"""
    assert _rows(province, on_leave) == [(0,)]


# --------------------------------------------------------------------------- one more day

DAY = date(2026, 3, 31)  # a Tuesday
TABLES = {
    "office": {"attendance": "work_date", "documents": "handled_date", "staff": None},
    "case": {"case_events": "event_date", "cases": None},
}


def _snapshot(paths: dict[str, Path]) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for system, tables in TABLES.items():
        for table, day_col in tables.items():
            where = f"WHERE {day_col} < '{DAY.isoformat()}'" if day_col else ""
            (n,) = _rows(paths[system], f"SELECT count(*) FROM {table}")[0]
            out[table] = (n, _digest(paths[system], f"SELECT * FROM {table} {where} ORDER BY 1"))
    return out


@pytest.fixture(scope="module")
def to_monday(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("append")
    return generate(
        root / "out", staff=400, start=START, end=date(2026, 3, 30), procuratorates=20,
        density="province",
    )  # fmt: skip


def test_append_day_adds_only_that_day(to_monday: dict[str, Path], tmp_path: Path) -> None:
    demo_copy = tmp_path / "demo"
    shutil.copytree(to_monday["office"].parent, demo_copy)
    before = _snapshot(to_monday)
    added = append_day(to_monday["office"].parent, DAY, density="province")
    after = _snapshot(to_monday)
    for table, (n, digest) in before.items():
        assert after[table][1] == digest, table  # old rows untouched
        assert after[table][0] == n + added.get(table, 0), table
    assert set(added) == {"attendance", "documents", "case_events"}
    assert all(n > 0 for n in added.values()), added
    office, case = to_monday["office"], to_monday["case"]
    iso = DAY.isoformat()
    new_attendance = _rows(
        office, f"SELECT person_id, updated_at FROM attendance WHERE work_date = '{iso}'"
    )
    assert len(new_attendance) == added["attendance"]
    # Everyone active that day: not on long leave, hired, not yet gone.
    (active,) = _rows(
        office,
        f"""SELECT count(*) FROM staff WHERE status <> 'long_leave' AND hire_date <= '{iso}'
            AND (leave_date IS NULL OR leave_date > '{iso}')""",
    )[0]
    assert len({p for p, _ in new_attendance}) == active == added["attendance"]
    assert {u for _, u in new_attendance} == {f"{iso}T18:00:00"}
    docs = _rows(office, f"SELECT updated_at FROM documents WHERE handled_date = '{iso}'")
    assert len(docs) == added["documents"] and {u for (u,) in docs} == {f"{iso}T18:00:00"}
    events = _rows(
        case,
        f"""SELECT e.event_type, e.updated_at, c.closed_date FROM case_events e
            JOIN cases c USING (case_id) WHERE e.event_date = '{iso}'""",
    )
    assert len(events) == added["case_events"]
    assert {k for k, _, _ in events} <= {"阅卷", "案卡填录"}
    assert all(u == f"{iso}T18:00:00" and closed is None for _, u, closed in events)

    with pytest.raises(ValueError):  # the same day again
        append_day(to_monday["office"].parent, DAY, density="province")
    with pytest.raises(ValueError):  # 2026-04-04 is a Saturday of the 清明 holiday
        append_day(to_monday["office"].parent, date(2026, 4, 4), density="province")
    assert _snapshot(to_monday) == after

    # The demo density adds attendance and documents only.
    demo_added = append_day(demo_copy, DAY, density="demo")
    assert demo_added["attendance"] == active
    assert demo_added["case_events"] == 0

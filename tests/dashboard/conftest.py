"""Fixtures for the dashboard tests: a hand-filled snapshot and AppTest helpers.

The synthetic snapshot holds the published tables with values chosen by hand, so the
tests can look for exact figures. Two procuratorates (a city and a district), three org
units, six people, two quarters, three indicators, scores, evidence, activity rows and
two data-quality findings.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.rescored_periods import DDL as RESCORED_DDL
from kpi_warehouse.snapshot_meta import META_DDL
from tests.dashboard.signin_helpers import make_store, sign_in
from tests.mart_contracts import mart_contracts
from tests.mart_models import fill_derived

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # the tests import the `dashboards` package
    sys.path.insert(0, str(REPO_ROOT))

APP_PATH = REPO_ROOT / "dashboards" / "app.py"
APP_TIMEOUT_SECONDS = 60

# The published tables as the marts' dbt contracts declare them (one YAML per mart in
# dbt_project/models/marts); meta_snapshot and fct_rescored_appraisal (always there, empty
# when no period was re-scored) are written by the publish step, not by dbt.
META_SNAPSHOT_DDL = META_DDL
SCHEMA = ";\n".join(
    [
        *(contract.create_table_sql() for contract in mart_contracts().values()),
        META_SNAPSHOT_DDL,
        RESCORED_DDL,
    ]
)

CITY = ("PRC-C", "江城市人民检察院", "city")
DISTRICT = ("PRC-D1", "江城市东湖区人民检察院", "district")

ORG_UNITS = [
    ("PRC-C-gongsu", "第一检察部", "gongsu", "business", *CITY),
    ("PRC-C-office", "办公室", "office", "registry_owner", *CITY),
    ("PRC-D1-gongsu", "第一检察部", "gongsu", "business", *DISTRICT),
]

# person_id, name, org unit index, post, category, status, leave_date
PEOPLE = [
    ("P001", "张伟", 0, "检察官", "中层干部", "在职", None),
    ("P002", "李娜", 0, "检察官助理", "一般工作人员", "在职", None),
    ("P003", "王强", 0, "检察官", "中层干部", "在职", None),
    ("P004", "赵敏", 1, "文秘", "一般工作人员", "在职", None),
    ("P005", "陈静", 2, "检察官", "科级干部", "在职", None),
    ("P006", "刘洋", 2, "书记员", "一般工作人员", "离职", date(2026, 3, 15)),
]

PERIODS = [
    ("2025Q4", "quarter", 2025, 4, date(2025, 10, 1), date(2025, 12, 31), "2025年第4季度",
     "2025 Q4"),
    ("2026Q1", "quarter", 2026, 1, date(2026, 1, 1), date(2026, 3, 31), "2026年第1季度",
     "2026 Q1"),
]  # fmt: skip

SPEC = ("PRC-2026", "v1")
SPEC_TITLE = "江城市检察机关工作人员绩效考核细则"
INDICATORS = [
    ("ATT", "考勤纪律", "第十二条 工作人员应遵守考勤制度，迟到一次扣0.5分，旷工一天扣2分。",
     "attendance", "deduction", 10.0, 1),
    ("CASE", "办案数量", "第十五条 承办案件按件计分，每件0.5分，最高30分。",
     "case_registry", "per_item", 30.0, 2),
    ("AWARD", "表彰奖励", "第二十条 获得市级以上表彰的，每项加2分，最高5分。",
     "honours", "per_item", 5.0, 3),
]  # fmt: skip

# appraisee_type, appraisee_id, period, org_unit, category, total, rank, size, grade, note
# (grade_status follows from the grade; no payout)
APPRAISALS = [
    ("person", "P001", "2026Q1", "PRC-C-gongsu", "中层干部", 92.5, 1, 2, "优秀", None),
    ("person", "P002", "2026Q1", "PRC-C-gongsu", "一般工作人员", 85.0, 1, 1, "良好", None),
    ("person", "P003", "2026Q1", "PRC-C-gongsu", "中层干部", 78.25, 2, 2, "称职", None),
    ("person", "P004", "2026Q1", "PRC-C-office", "一般工作人员", 88.0, 1, 1, "良好", None),
    ("person", "P005", "2026Q1", "PRC-D1-gongsu", "科级干部", 95.0, 1, 1, "优秀", None),
    ("person", "P006", "2026Q1", "PRC-D1-gongsu", "一般工作人员", 58.5, 1, 1, None,
     "存在待核实的手工录入数据，等次暂缓确定"),
    ("person", "P001", "2025Q4", "PRC-C-gongsu", "中层干部", 80.0, 1, 1, "良好", None),
    ("org_unit", "PRC-C-gongsu", "2026Q1", "PRC-C-gongsu", None, 90.0, None, None, "优秀",
     None),
]  # fmt: skip

# score id, appraisee_type, appraisee_id, period, indicator, measure, label, raw, points, cap
SCORES = [
    ("S-P001-ATT", "person", "P001", "2026Q1", "ATT", 3, "迟到 3 次，旷工 0 天", 8.5, 8.5, False),
    ("S-P001-CASE", "person", "P001", "2026Q1", "CASE", 64, "承办案件 64 件", 32.0, 30.0, True),
    ("S-P001-AWARD", "person", "P001", "2026Q1", "AWARD", 1, "市级表彰 1 项", 2.0, 2.0, False),
    ("S-P002-ATT", "person", "P002", "2026Q1", "ATT", 0, "迟到 0 次，旷工 0 天", 10.0, 10.0,
     False),
    ("S-P005-AWARD", "person", "P005", "2026Q1", "AWARD", 0.5, "集体表彰 1 项（分摊 0.5）",
     1.0, 1.0, False),
    ("S-P001-ATT-Q4", "person", "P001", "2025Q4", "ATT", 4, "迟到 4 次，旷工 0 天", 8.0, 8.0,
     False),
    ("S-U01-CASE", "org_unit", "PRC-C-gongsu", "2026Q1", "CASE", 120, "部门办案 120 件", 60.0,
     30.0, True),
]  # fmt: skip

# activity id, system, table, key, kind, person, date, level, qty, collective, share, detail
ACTIVITIES = [
    ("A001", "考勤系统", "attendance_log", "ATT-20260108-P001", "迟到", "P001",
     date(2026, 1, 8), None, 1.0, False, None, "2026年1月8日 迟到 12 分钟"),
    ("A002", "考勤系统", "attendance_log", "ATT-20260203-P001", "迟到", "P001",
     date(2026, 2, 3), None, 1.0, False, None, "2026年2月3日 迟到 5 分钟"),
    ("A003", "考勤系统", "attendance_log", "ATT-20260311-P001", "迟到", "P001",
     date(2026, 3, 11), None, 1.0, False, None, "2026年3月11日 迟到 20 分钟"),
    ("A004", "统一业务应用系统", "case_registry", "CASE-2026-0012", "承办案件", "P001",
     date(2026, 1, 20), None, 1.0, False, None, "审查起诉 张某某盗窃案"),
    ("A005", "统一业务应用系统", "case_registry", "CASE-2026-0047", "承办案件", "P001",
     date(2026, 2, 14), None, 1.0, False, None, "审查逮捕 李某某诈骗案"),
    ("A006", "荣誉登记", "honours", "HON-2026-003", "个人表彰", "P001",
     date(2026, 3, 2), "市级", 1.0, False, None, "获评2025年度全市优秀公诉人"),
    ("A007", "荣誉登记", "honours", "HON-2026-009", "集体表彰", "P005",
     date(2026, 3, 20), "市级", 1.0, True, 0.5, "东湖区院第一检察部获评市级先进集体"),
]  # fmt: skip

EVIDENCE = [
    ("S-P001-ATT", "A001", -0.5),
    ("S-P001-ATT", "A002", -0.5),
    ("S-P001-ATT", "A003", -0.5),
    ("S-P001-CASE", "A004", 0.5),
    ("S-P001-CASE", "A005", 0.5),
    ("S-P001-AWARD", "A006", 2.0),
    ("S-P005-AWARD", "A007", 1.0),
    ("S-U01-CASE", "A004", None),
]

DATA_QUALITY = [
    ("DQ1", "unknown_person", "case_registry", "CASE-2026-0099", "warning",
     "案件登记表中的承办人“周某”不在人员名册中", 'Case handler "Zhou" is not in the staff roster',
     "Z999", None),
    ("DQ2", "duplicate_attendance_day", "attendance_log", "ATT-20260108-P001", "error",
     "同一人同一天有两条考勤记录", "Two attendance records for the same person and day",
     "P001", "PRC-C"),
]  # fmt: skip

BUILT_AT = datetime(2026, 4, 2, 8, 30)
CONTENT_SHA256 = "c0ffee" + "0" * 58


def _rows() -> dict[str, list[tuple]]:
    org_by_index = {i: unit for i, unit in enumerate(ORG_UNITS)}
    people = []
    for pid, name, unit_index, post, category, status, leave in PEOPLE:
        unit = org_by_index[unit_index]
        people.append(
            (pid, name, unit[0], unit[1], unit[4], unit[5], unit[2], post, category,
             date(2015, 7, 1), status, leave)
        )  # fmt: skip
    indicators = {ind[0]: ind for ind in INDICATORS}
    scores = []
    for sid, a_type, a_id, period, ind_id, measure, label, raw, points, cap in SCORES:
        ind = indicators[ind_id]
        scores.append(
            (sid, *SPEC, a_type, a_id, period, ind_id, ind[1], ind[2], measure, label, raw,
             points, ind[5], cap, ind[6])
        )  # fmt: skip
    units = {unit[0]: unit for unit in ORG_UNITS}
    person_unit = {p[0]: org_by_index[p[2]][0] for p in PEOPLE}
    period_of = {p[0]: p for p in PERIODS}
    activities = []
    for aid, system, table, key, kind, pid, day, level, qty, coll, share, detail in ACTIVITIES:
        period = next(p[0] for p in period_of.values() if p[4] <= day <= p[5])
        activities.append(
            (aid, system, table, key, table, kind, pid, person_unit[pid], day, period, level,
             qty, qty, f"{table}:{key}", coll, share, detail, None)
        )  # fmt: skip
    assert all(unit in units for unit in person_unit.values())
    return {
        "dim_org_unit": ORG_UNITS,
        "dim_person": people,
        "dim_period": PERIODS,
        "dim_indicator": [(*SPEC, SPEC_TITLE, *ind) for ind in INDICATORS],
        "fct_activity": activities,
        "fct_indicator_score": scores,
        "fct_appraisal": [
            (*SPEC, *a, "undetermined" if a[8] is None else "graded", None) for a in APPRAISALS
        ],
        "fct_evidence": EVIDENCE,
        "fct_data_quality": DATA_QUALITY,
        "meta_snapshot": [
            (BUILT_AT, "PRC-2026@v1", "{}", "{}", "{}", CONTENT_SHA256, None, "测试用合成快照")
        ],
    }


def build_synthetic_snapshot(path: Path) -> Path:
    """Write the hand-filled snapshot to ``path`` (replacing any file there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA)
        for table, rows in _rows().items():
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        fill_derived(con, "fct_rating_group")
        fill_derived(con, "fct_evidence_record")
    return path


@pytest.fixture
def synthetic_snapshot(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh synthetic snapshot file; KPI_SNAPSHOT points at it for this test."""
    path = build_synthetic_snapshot(tmp_path_factory.mktemp("snapshot") / "published.duckdb")
    monkeypatch.setenv("KPI_SNAPSHOT", str(path))
    return path


@pytest.fixture
def missing_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """KPI_SNAPSHOT points at a file that does not exist."""
    path = tmp_path / "warehouse" / "published.duckdb"
    monkeypatch.setenv("KPI_SNAPSHOT", str(path))
    return path


@pytest.fixture
def browser_snapshot(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The snapshot the browser test serves.

    The top-level conftest's ``demo_snapshot`` (a real pipeline build of a small demo)
    when it is defined; otherwise this falls back to the synthetic snapshot.
    """
    try:
        demo = request.getfixturevalue("demo_snapshot")
    except pytest.FixtureLookupError:
        return build_synthetic_snapshot(tmp_path_factory.mktemp("browser") / "published.duckdb")
    return Path(getattr(demo, "path", demo))


@pytest.fixture(scope="session")
def dashboard_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the test accounts (tests/dashboard/signin_helpers.py), made once."""
    return make_store(tmp_path_factory.mktemp("store") / "app.sqlite")


@pytest.fixture
def app_test(dashboard_store_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Factory: an AppTest of dashboards/app.py, signed in as ``user`` (admin unless
    given; None stays on the sign-in page), opened on ``page`` with query params."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KPI_APP_URL", dashboard_store_url)

    def open_page(
        page: str | None = None, lang: str | None = None, user: str | None = "admin", **params: str
    ) -> AppTest:
        at = AppTest.from_file(str(APP_PATH), default_timeout=APP_TIMEOUT_SECONDS)
        if lang:
            at.session_state["lang"] = lang
        at.query_params.update(params)
        at.run()
        if user:
            sign_in(at, user)
        if page:  # pages are registered by the first run; switching needs them
            at.query_params.clear()
            at.query_params.update(params)
            at.switch_page(page).run()
        return at

    return open_page

"""The specs' warnings against the data (fct_data_quality, `kpi validate`), on a small
hand-made data set: a population that selects nobody, people no spec covers, an indicator
with no facts in the last period that has ended."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.scoring.compiler import Inputs
from kpi_warehouse.specs.build_findings import (
    findings_relation,
    published_warnings,
    spec_findings,
)
from kpi_warehouse.specs.loader import load_spec
from kpi_warehouse.specs.model import Spec
from tests.conftest import REPO

GONGSU = (REPO / "kpi_specs" / "schemes" / "example-gongsu-2026.yaml").read_text(encoding="utf-8")
INPUTS = Inputs(facts="facts", people="people", org_units="org_units", periods="periods")

DATA = """
CREATE TABLE people (person_id VARCHAR, org_unit_id VARCHAR, procuratorate_id VARCHAR,
    dept_key VARCHAR, post VARCHAR, category VARCHAR, status VARCHAR);
INSERT INTO people VALUES
    ('P1', 'U-gongsu', 'U', 'gongsu', '检察官', '科级干部', 'on_post'),
    ('P2', 'U-gongsu', 'U', 'gongsu', '检察官', '一般工作人员', 'long_leave'),
    ('P3', 'U-gongsu', 'U', 'gongsu', '书记员', '聘用制书记员', 'on_post'),
    ('P4', 'U-xingzhi', 'U', 'xingzhi', '检察官', '科级干部', 'on_post');
CREATE TABLE org_units (org_unit_id VARCHAR, procuratorate_id VARCHAR, dept_key VARCHAR,
    unit_kind VARCHAR);
INSERT INTO org_units VALUES ('U-gongsu', 'U', 'gongsu', 'department'),
    ('U-xingzhi', 'U', 'xingzhi', 'department');
CREATE TABLE periods (period_id VARCHAR, period_type VARCHAR, start_date DATE, end_date DATE);
INSERT INTO periods VALUES ('2026Q1', 'quarter', '2026-01-01', '2026-03-31'),
    ('2026Q2', 'quarter', '2026-04-01', '2026-06-30'),
    ('2026', 'year', '2026-01-01', '2026-12-31');
CREATE TABLE facts (activity_id VARCHAR, source VARCHAR, kind VARCHAR, person_id VARCHAR,
    org_unit_id VARCHAR, activity_date DATE);
INSERT INTO facts VALUES
    ('F1', 'manual.entry', 'routine_work', 'P1', 'U-gongsu', '2026-03-20'),
    ('F2', 'case.case', 'case_closed', 'P1', 'U-gongsu', '2026-02-11'),
    ('F3', 'office.attendance', 'late', 'P1', 'U-gongsu', '2026-01-07'),
    ('F4', 'registry.bulletin', 'bulletin', 'P3', 'U-gongsu', '2026-02-02'),
    ('F5', 'registry.bulletin', 'bulletin', 'P1', 'U-gongsu', '2026-05-10');
"""


def _spec(tmp_path: Path, text: str, name: str) -> Spec:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_spec(path)


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(DATA)
    return con


def test_each_warning_is_found_once(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    gongsu = _spec(tmp_path, GONGSU, "gongsu.yaml")
    typo = _spec(
        tmp_path,
        GONGSU.replace("spec_id: example-gongsu", "spec_id: example-minshi").replace(
            "dept_key: [gongsu]", "dept_key: [minshi]"
        ),
        "minshi.yaml",
    )
    found = spec_findings(con, [gongsu, typo], INPUTS)
    got = sorted(
        (f.check_name, f.source_key.replace("@2026-01-01", ""), f.person_id) for f in found
    )
    assert {f.severity for f in found} == {"warning"}
    # The horizon is 2026-05-10 (F5), so the last quarter that has ended is 2026Q1. In it,
    # P1 (the only person gongsu appraises: P2 is on long leave, P3's category is not
    # listed) has routine work, a closed case and a late arrival; no overdue case, no
    # bulletin of P1's before May (F4 is P3's), no award. P3 is left out of a department
    # whose specs appraise on-post staff; P4's department has no spec; P2's leave is left
    # out on purpose. The misspelt spec selects nobody and is said once.
    assert got == [
        ("indicator_without_facts", "example-gongsu:awards:2026Q1", None),
        ("indicator_without_facts", "example-gongsu:bulletins:2026Q1", None),
        ("indicator_without_facts", "example-gongsu:overdue_cases:2026Q1", None),
        ("person_without_spec", "P3", "P3"),
        ("person_without_spec", "P4", "P4"),
        ("population_selects_nobody", "example-minshi", None),
    ]
    by_key = {f.source_key: f for f in found}
    assert "没有任何数据" in by_key["example-gongsu@2026-01-01:awards:2026Q1"].message_zh
    assert "has no facts in 2026Q1" in by_key["example-gongsu@2026-01-01:awards:2026Q1"].message_en
    assert "没有现行的考核细则" in by_key["P4"].message_zh
    assert "no spec in force covers" in by_key["P4"].message_en
    assert "没有选中任何考核对象" in by_key["example-minshi@2026-01-01"].message_zh


def test_no_findings_keep_their_columns(con: duckdb.DuckDBPyConnection) -> None:
    rel = findings_relation(con, [])
    assert rel.fetchall() == []
    assert set(rel.types) == {"VARCHAR"} and len(rel.columns) == 7


def test_kpi_validate_shows_the_latest_builds_indicator_warnings(tmp_path: Path) -> None:
    spec_path = tmp_path / "gongsu.yaml"
    spec_path.write_text(GONGSU, encoding="utf-8")
    snapshot = tmp_path / "published.duckdb"
    with duckdb.connect(str(snapshot)) as con:
        con.execute(
            "CREATE TABLE fct_data_quality (check_name VARCHAR, source_key VARCHAR, "
            "message_zh VARCHAR, message_en VARCHAR)"
        )
        con.execute(
            "INSERT INTO fct_data_quality VALUES ('indicator_without_facts', "
            "'example-gongsu@2026-01-01:bulletins:2026Q4', '指标无数据', 'no facts'), "
            "('indicator_without_facts', 'other@2026-01-01:bulletins:2026Q4', '别的', 'other'), "
            "('unknown_person', 'example-gongsu@2026-01-01:awards:2026Q4', '无关', 'unrelated')"
        )
    [warning] = published_warnings(snapshot, [(spec_path, load_spec(spec_path))])
    line = next(n for n, t in enumerate(GONGSU.splitlines(), 1) if "- id: bulletins" in t)
    assert (warning.line, warning.field, warning.severity) == (line, "indicators.4", "warning")
    assert warning.message_zh == "最近一次构建：指标无数据"
    assert warning.message_en == "latest build: no facts"

"""The demo looks like a procuratorate today (issue 13): its departments after the 2019
reform, a full year of cases with the SPP case-quality indicators' inputs, and grade
distributions as real units report them. Bounds are stated here once:

- quarterly 不称职 at most 6 % of the people graded, each with a cause in the data (a
  total below the 60-point band, or a forced grade / rule named in the grade note);
- quarterly 优秀 fills its quota: wherever someone scored into 优秀 and was dropped for
  want of a place, every place of that quota group is taken (and 优秀 is never more than
  25 % of the people graded; the quotas allow 20 %);
- annual 不称职 at most 6 %;
- over a 300-person year: 不捕率 25–55 %, 不诉率 8–30 %, 认罪认罚适用率 70–95 %,
  退回补充侦查率 under 15 %, overdue cases under 10 % of the cases closed.
"""

from __future__ import annotations

import math
from collections import Counter

import duckdb
import pytest
import yaml

from kpi_warehouse.demo.generate import build_rows
from kpi_warehouse.demo.org import DEPARTMENTS
from tests.conftest import REPO, DemoBuild

SPECS = REPO / "kpi_specs" / "demo"

Rows = dict[str, dict[str, list[tuple[object, ...]]]]

REFORMED = {
    "办公室", "政治部", "新闻宣传处", "法律政策研究室", "检务督察部", "第一检察部", "第二检察部",
    "第三检察部", "刑事执行检察部", "民事检察部", "行政检察部", "公益诉讼检察部", "未成年人检察部",
    "控告申诉检察部", "案件管理部",
}  # fmt: skip


@pytest.fixture(scope="module")
def year300() -> Rows:
    return build_rows(staff=300)


def test_departments_are_those_of_a_procuratorate_after_the_2019_reform(year300: Rows) -> None:
    assert {d.city_name for d in DEPARTMENTS} == REFORMED
    names = {str(r[2]) for r in year300["office"]["org_units"]}
    assert not any("反贪" in n or "侦查" in n for n in names)
    per_prc = Counter(str(r[1]) for r in year300["office"]["org_units"])
    assert set(per_prc.values()) == {15}


def test_a_full_year_of_cases_and_ratings(year300: Rows) -> None:
    months = {str(r[6])[:7] for r in year300["case"]["cases"]}
    assert months == {f"2026-{m:02d}" for m in range(1, 13)}
    assert {r[1] for r in year300["app"]["ratings"]} == {"2026Q1", "2026Q2", "2026Q3", "2026Q4"}


def test_case_quality_rates_are_plausible(year300: Rows) -> None:
    cases = year300["case"]["cases"]
    events = year300["case"]["case_events"]
    closed = [r for r in cases if r[8] is not None]
    arrests = [r for r in closed if r[2] == "审查逮捕"]
    prosecutions = [r for r in closed if r[2] == "审查起诉"]
    returned = {r[1] for r in events if r[2] == "退回补充侦查"}
    assert 0.25 <= sum(r[9] == "不批准逮捕" for r in arrests) / len(arrests) <= 0.55
    assert 0.08 <= sum(r[9] == "不起诉" for r in prosecutions) / len(prosecutions) <= 0.30
    assert 0.70 <= sum(r[10] == 1 for r in prosecutions) / len(prosecutions) <= 0.95
    assert sum(r[0] in returned for r in prosecutions) / len(prosecutions) < 0.15
    assert sum(str(r[8]) > str(r[7]) for r in closed) / len(closed) < 0.10
    # 认罪认罚 is recorded for prosecution reviews only.
    assert {r[10] for r in cases if r[2] != "审查起诉"} == {None}


def _person_grades(con: duckdb.DuckDBPyConnection, period_type: str) -> list[tuple]:
    return con.execute(
        "SELECT a.spec_id, a.appraisee_id, a.period_id, a.total, a.grade, a.grade_status,"
        " coalesce(a.grade_note, '') FROM fct_appraisal a JOIN dim_period p USING (period_id)"
        " WHERE a.appraisee_type = 'person' AND p.period_type = ?",
        [period_type],
    ).fetchall()


def test_grade_distributions_stay_within_bounds(demo_build: DemoBuild) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        quarters = _person_grades(con, "quarter")
        years = _person_grades(con, "year")
        periods = {r[0] for r in con.execute("SELECT period_id FROM fct_appraisal").fetchall()}
    assert {"2026Q1", "2026Q2", "2026Q3", "2026Q4", "2026"} <= periods
    graded = [r for r in quarters if r[5] == "graded"]
    grades = Counter(r[4] for r in graded)
    assert grades["不称职"] <= 0.06 * len(graded), grades
    assert 0 < grades["优秀"] <= 0.25 * len(graded), grades
    assert grades["良好"] > 0 and grades["称职"] > 0
    for spec, person, period, total, grade, _, note in graded:
        if grade == "不称职":
            assert total < 60 or "定为不称职" in note, (spec, person, period, note)
    annual = [r for r in years if r[5] == "graded"]
    assert annual and sum(r[4] == "不称职" for r in annual) <= 0.06 * len(annual)


def _quotas(spec_id: str) -> dict:
    path = SPECS / f"{spec_id.removesuffix('-staff')}-2026.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["quotas"]


def test_excellent_fills_its_quota(demo_build: DemoBuild) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        rows = con.execute(
            "SELECT a.spec_id, a.period_id, a.org_unit_id, a.grade, coalesce(a.grade_note, '')"
            " FROM fct_appraisal a JOIN dim_period p USING (period_id)"
            " WHERE a.appraisee_type = 'person' AND p.period_type = 'quarter'"
            " AND a.grade_status = 'graded'"
        ).fetchall()
    groups: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for spec_id, period, unit, grade, note in rows:
        key = unit if _quotas(spec_id)["within"] == ["org_unit_id"] else ""
        groups.setdefault((spec_id, period, key), []).append((grade, note))
    assert groups
    checked = 0
    for key, members in groups.items():
        share = _quotas(key[0])["grades"]["优秀"]["share"]
        cap = math.floor(len(members) * share + 1e-9)
        excellent = sum(g == "优秀" for g, _ in members)
        assert excellent <= cap, key
        if any("超出优秀名额" in note for _, note in members):
            assert excellent == cap, key
            checked += 1
    assert checked > 0


def test_payouts_annual_results_and_department_appraisals_are_published(
    demo_build: DemoBuild,
) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        unpaid = con.execute(
            "SELECT count(*) FROM fct_appraisal a JOIN dim_period p USING (period_id)"
            " WHERE p.period_type = 'quarter' AND a.appraisee_type = 'person'"
            " AND a.payout IS NULL"
        ).fetchone()[0]
        payouts = con.execute("SELECT count(*), sum(payout) FROM fct_payout").fetchone()
        annual = con.execute(
            "SELECT count(*), count(DISTINCT spec_id) FROM fct_annual_result"
        ).fetchone()
        units = con.execute(
            "SELECT count(*), count(DISTINCT procuratorate_id) FROM fct_org_unit_appraisal"
        ).fetchone()
    assert unpaid == 0  # every person spec of the demo pays by grade
    assert payouts[0] > 0 and payouts[1] > 0
    assert annual[0] > 0 and annual[1] >= 3
    assert units[0] > 0 and units[1] >= 2  # city departments appraise district counterparts


def test_every_relation_of_the_snapshot_can_be_selected_from(demo_build: DemoBuild) -> None:
    with duckdb.connect(str(demo_build.snapshot), read_only=True) as con:
        relations = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal"
            " UNION ALL "
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal"
            " ORDER BY 1, 2"
        ).fetchall()
        assert len(relations) >= 20
        for schema, name in relations:
            con.execute(f'SELECT * FROM "{schema}"."{name}" LIMIT 1').fetchall()

"""`kpi validate` against the latest build: a spec's categories, departments, statuses, posts,
procuratorates, levels and filter values checked against the published snapshot's dimensions
(a small hand-made snapshot here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.specs.problems import SpecProblem
from kpi_warehouse.specs.validation import validate
from tests.conftest import REPO, demo_env, kpi

SPECS = REPO / "kpi_specs"
GONGSU = (SPECS / "schemes" / "example-gongsu-2026.yaml").read_text(encoding="utf-8")

PEOPLE = [
    # person_id, org_unit_id, procuratorate_id, dept_key, post, category, status
    ("P1", "U1", "PRC-C", "gongsu", "检察官", "一般工作人员", "on_post"),
    ("P2", "U1", "PRC-C", "gongsu", "检察官助理", "科级干部", "seconded"),
    ("P3", "U2", "PRC-C", "office", "文员", "中层干部", "on_post"),
    ("P4", "U3", "PRC-D1", "gongsu", "检察官", "一般工作人员", "long_leave"),
]
UNITS = [
    ("U1", "PRC-C", "gongsu", "department"),
    ("U2", "PRC-C", "office", "department"),
    ("U3", "PRC-D1", "gongsu", "department"),
]


def make_snapshot(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE dim_person (person_id VARCHAR, org_unit_id VARCHAR,"
            " procuratorate_id VARCHAR, dept_key VARCHAR, post VARCHAR, category VARCHAR,"
            " status VARCHAR)"
        )
        con.executemany("INSERT INTO dim_person VALUES (?, ?, ?, ?, ?, ?, ?)", PEOPLE)
        con.execute(
            "CREATE TABLE dim_org_unit (org_unit_id VARCHAR, procuratorate_id VARCHAR,"
            " dept_key VARCHAR, unit_kind VARCHAR)"
        )
        con.executemany("INSERT INTO dim_org_unit VALUES (?, ?, ?, ?)", UNITS)
        con.execute("CREATE TABLE fct_activity (source VARCHAR, kind VARCHAR, level VARCHAR)")
        con.executemany(
            "INSERT INTO fct_activity VALUES (?, ?, ?)",
            [
                ("registry.bulletin", "bulletin", "provincial"),
                ("registry.bulletin", "bulletin", "city"),
                ("registry.bulletin", "bulletin", "district"),
                ("registry.award", "award", "city"),
                ("case.case", "case_closed", None),
            ],
        )
    return path


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return make_snapshot(tmp_path / "published.duckdb")


def _problems(tmp_path: Path, snapshot: Path | None, text: str) -> list[SpecProblem]:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return validate([path], SPECS, snapshot).problems


def _edit(old: str, new: str) -> str:
    assert GONGSU.count(old) == 1, old
    return GONGSU.replace(old, new)


def _line(text: str, marker: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if marker in t)


def test_the_demo_spec_matches_the_snapshot(tmp_path: Path, snapshot: Path) -> None:
    # dept gongsu, statuses on_post/seconded (retiring: a known status nobody has now) and
    # the categories are all there. The snapshot's bulletins have the levels provincial,
    # city, district (no national); its awards only city: each level the spec pays for that
    # no record has is a warning (it may not have occurred yet), never an error.
    problems = _problems(tmp_path, snapshot, GONGSU)
    assert [(p.field, p.severity) for p in problems] == [
        ("indicators.4.rule.by_level.national", "warning"),
        ("indicators.5.rule.by_level.national", "warning"),
        ("indicators.5.rule.by_level.provincial", "warning"),
        ("indicators.5.rule.by_level.district", "warning"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "field", "suggestion"),
    [
        ("dept_key: [gongsu]", "dept_key: [gongsuu]", "population.dept_key.0", "gongsu"),
        (
            "categories: [科级干部, 中层干部, 一般工作人员]",
            "categories: [科级干部, 中层干部, 一般工作人]",
            "categories.2",
            "一般工作人员",
        ),
        ("status: [on_post,", "status: [on-post,", "population.status.0", "on_post"),
        (
            "dept_key: [gongsu]",
            "dept_key: [gongsu]\n  post: [检察官, 检查官助理]",
            "population.post.1",
            "检察官助理",
        ),
        (
            "dept_key: [gongsu]",
            "dept_key: [gongsu]\n  procuratorate_id: [PRC-D11]",
            "population.procuratorate_id.0",
            "PRC-D1",
        ),
        (
            "city: 2, district: 1}",
            "city: 2, distrct: 1}",
            "indicators.4.rule.by_level.distrct",
            "district",
        ),
    ],
)
def test_unknown_values_are_errors_with_did_you_mean(
    tmp_path: Path, snapshot: Path, old: str, new: str, field: str, suggestion: str
) -> None:
    text = _edit(old, new)
    errors = [p for p in _problems(tmp_path, snapshot, text) if p.is_error]
    assert len(errors) == 1, [str(p) for p in errors]
    (p,) = errors
    assert p.field == field and p.line == _line(text, new.splitlines()[-1])
    assert (
        f"是不是“{suggestion}”" in p.message_zh and f"did you mean '{suggestion}'" in p.message_en
    )


def test_a_status_nobody_has_is_only_a_warning(tmp_path: Path, snapshot: Path) -> None:
    text = _edit("status: [on_post, seconded, retiring]", "status: [on_post, probation]")
    problems = [p for p in _problems(tmp_path, snapshot, text) if p.field.startswith("population")]
    assert [(p.field, p.severity) for p in problems] == [("population.status.1", "warning")]


def test_a_veto_value_is_checked_too(tmp_path: Path, snapshot: Path) -> None:
    text = (
        GONGSU
        + "vetoes:\n  - {name: 借调, attribute: category, values: [科级干布], grade_cap: 称职}\n"
    )
    errors = [p for p in _problems(tmp_path, snapshot, text) if p.is_error]
    assert [p.field for p in errors] == ["vetoes.0.values.0"]
    assert "科级干部" in errors[0].message_zh


def test_a_population_that_selects_nobody_is_a_warning(tmp_path: Path, snapshot: Path) -> None:
    # gongsu has 一般工作人员 (P1, P4) and 科级干部 (P2); 中层干部 only in office (P3).
    text = _edit("categories: [科级干部, 中层干部, 一般工作人员]", "categories: [中层干部]")
    problems = [p for p in _problems(tmp_path, snapshot, text) if "by_level" not in p.field]
    (p,) = problems
    assert (
        p.severity == "warning" and p.field == "population" and "没有任何考核对象" in p.message_zh
    )
    # Adding 一般工作人员 selects P1 (on post): no warning.
    text = _edit(
        "categories: [科级干部, 中层干部, 一般工作人员]", "categories: [中层干部, 一般工作人员]"
    )
    assert [p for p in _problems(tmp_path, snapshot, text) if "by_level" not in p.field] == []


def test_without_a_snapshot_a_single_notice(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GONGSU, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GONGSU.replace("example-gongsu", "gongsu-b"), encoding="utf-8")
    report = validate([tmp_path], SPECS, tmp_path / "missing.duckdb")
    assert [p.severity for p in report.problems] == ["notice"]
    assert "没有已发布的构建" in report.problems[0].message_zh


def test_the_reference_schemes_are_not_checked_against_the_build(snapshot: Path) -> None:
    report = validate([SPECS / "schemes"], SPECS, snapshot)
    assert report.problems == [] and len(report.specs) == 5  # 4 seed schemes + the example


def test_kpi_validate_reads_the_published_snapshot(tmp_path: Path) -> None:
    env = demo_env(tmp_path)
    make_snapshot(tmp_path / "snap.duckdb")
    env["KPI_SNAPSHOT"] = str(tmp_path / "snap.duckdb")
    bad = tmp_path / "bad.yaml"
    bad.write_text(_edit("dept_key: [gongsu]", "dept_key: [gongsuu]"), encoding="utf-8")
    proc = kpi(env, "validate", str(bad), check=False)
    assert proc.returncode == 1
    assert f"bad.yaml:{_line(bad.read_text(encoding='utf-8'), 'gongsuu')}" in proc.stderr
    assert "是不是“gongsu”" in proc.stderr


def test_people_whom_no_spec_covers(tmp_path: Path, snapshot: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "gongsu.yaml").write_text(GONGSU, encoding="utf-8")
    today = date(2026, 11, 29)

    def coverage() -> list[str]:
        report = validate([folder], folder, snapshot, today=today)
        return [p.message_en for p in report.problems if p.field == "population"]

    # The 公诉 spec covers P1 (on post) and P2 (seconded); P4 is on long-term leave, which
    # the 公诉 spec leaves out on purpose; P3 is in office, which has no spec at all.
    assert coverage() == ["no spec in force covers dept_key 'office' (1 people): no grade"]
    # Without 一般工作人员 in its categories, the 公诉 spec leaves P1 (on post) out too.
    text = _edit(
        "categories: [科级干部, 中层干部, 一般工作人员]", "categories: [科级干部, 中层干部]"
    )
    (folder / "gongsu.yaml").write_text(text, encoding="utf-8")
    assert coverage() == [
        "1 people of dept_key 'gongsu' are in no spec in force (P1): no grade",
        "no spec in force covers dept_key 'office' (1 people): no grade",
    ]
    # Only when the whole folder is validated: one file alone says nothing of coverage.
    report = validate([folder / "gongsu.yaml"], folder, snapshot, today=today)
    assert [p for p in report.problems if p.field == "population"] == []

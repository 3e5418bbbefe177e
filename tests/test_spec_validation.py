"""`kpi validate` on the spec text: syntax, duplicate keys, full-width punctuation, numbers,
formulas, names, versions and sizes — each a located problem in Chinese and English."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kpi_warehouse.specs.loader import check_spec, check_spec_files, spec_files
from kpi_warehouse.specs.problems import SpecProblem
from kpi_warehouse.specs.repository import current_spec_files
from tests.conftest import REPO, demo_env, kpi

GONGSU = (REPO / "kpi_specs" / "schemes" / "example-gongsu-2026.yaml").read_text(encoding="utf-8")


def _line(text: str, marker: str) -> int:
    """The 1-based line of the first line containing ``marker``."""
    return next(n for n, t in enumerate(text.splitlines(), 1) if marker in t)


def _check(tmp_path: Path, text: str, name: str = "spec.yaml") -> list[SpecProblem]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_spec(path)[1]


def _edit(old: str, new: str) -> str:
    assert GONGSU.count(old) == 1, old
    return GONGSU.replace(old, new)


def _only(problems: list[SpecProblem]) -> SpecProblem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_demo_spec_has_no_problem(tmp_path: Path) -> None:
    assert _check(tmp_path, GONGSU) == []


def test_a_yaml_syntax_error_is_located_with_its_line(tmp_path: Path) -> None:
    text = _edit("title: 公诉部门工作人员季度绩效考核", "title: 公诉部门: 工作人员季度绩效考核")
    p = _only(_check(tmp_path, text))
    assert p.field == "(yaml)" and p.line == _line(text, "title:")
    # "title: 公诉部门: …": the second colon is the 12th character (7 + 4 + 1).
    assert p.column == 12
    assert p.source_line == "title: 公诉部门: 工作人员季度绩效考核"
    assert "冒号" in p.message_zh and "colon" in p.message_en
    shown = str(p)
    assert f"spec.yaml:{p.line}:12" in shown and "| title: 公诉部门" in shown


def test_a_tab_and_an_unclosed_bracket_are_said_plainly(tmp_path: Path) -> None:
    tab = _check(tmp_path, _edit("  dept_key: [gongsu]", "\tdept_key: [gongsu]"))
    assert "Tab" in _only(tab).message_zh
    text = _edit(
        "categories: [科级干部, 中层干部, 一般工作人员]", "categories: [科级干部, 中层干部"
    )
    p = _only(_check(tmp_path, text))
    assert "方括号" in p.message_zh and "not closed" in p.message_en


def test_a_duplicate_key_is_an_error_not_last_wins(tmp_path: Path) -> None:
    text = _edit("period: quarter\n", "period: quarter\nperiod: month\n")
    p = _only(_check(tmp_path, text))
    assert p.field == "period" and p.line == _line(text, "period: month")
    assert f"第 {_line(text, 'period: quarter')} 行" in p.message_zh
    assert "appears twice" in p.message_en


def test_a_duplicate_key_inside_a_rule(tmp_path: Path) -> None:
    text = _edit(
        "{type: per_item, points: 2, max: 20}", "{type: per_item, points: 2, max: 20, max: 20}"
    )
    p = _only(_check(tmp_path, text))
    assert p.field == "indicators.1.rule.max"


def test_yml_and_yaml_are_both_read(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GONGSU, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("x", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert spec_files([tmp_path]) == [tmp_path / "a.yaml", tmp_path / "sub" / "b.yml"]
    assert current_spec_files(tmp_path) == [tmp_path / "a.yaml", tmp_path / "sub" / "b.yml"]


def test_a_full_width_comma_in_a_list_is_refused_with_the_fix(tmp_path: Path) -> None:
    text = _edit(
        "categories: [科级干部, 中层干部, 一般工作人员]",
        "categories: [科级干部，中层干部, 一般工作人员]",
    )
    p = _only(_check(tmp_path, text))
    assert p.field == "categories.0" and p.line == _line(text, "categories:")
    # "categories: [科级干部，": 13 characters before 科, 4 characters, then the comma: column 18.
    assert p.column == 18
    assert "全角逗号" in p.message_zh and "请改为：科级干部, 中层干部" in p.message_zh
    assert "full-width comma" in p.message_en


@pytest.mark.parametrize(
    ("old", "new", "field", "name"),
    [
        ("dept_key: [gongsu]", "dept_key: [gongsu、gongsu2]", "population.dept_key.0", "顿号"),
        (
            "status: [on_post, seconded",
            "status: [on_post；seconded",
            "population.status.0",
            "全角分号",
        ),
        ("kinds: [case_closed]", "kinds: [\u3000case_closed]", "indicators.1.kinds.0", "全角空格"),
        (
            "source: case.case\n    kinds",
            "source: case.case\u3000\n    kinds",
            "indicators.1.source",
            "全角空格",
        ),
    ],
)
def test_other_full_width_marks_in_values(
    tmp_path: Path, old: str, new: str, field: str, name: str
) -> None:
    problems = _check(tmp_path, _edit(old, new))
    assert any(p.field == field and name in p.message_zh for p in problems), problems


def test_full_width_punctuation_in_free_text_is_fine(tmp_path: Path) -> None:
    text = _edit("title: 公诉部门工作人员季度绩效考核", "title: 公诉部门，工作人员：季度绩效考核")
    assert _check(tmp_path, text) == []


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("points: 2, max: 20", "points: 2, max: .inf", "indicators.1.rule.max"),
        ("points: 2, max: 20", "points: 2, max: .nan", "indicators.1.rule.max"),
        (
            "{type: deduct, start: 10, per: {case_overdue: 2}}",
            "{type: deduct, start: .inf, per: {case_overdue: 2}}",
            "indicators.2.rule.start",
        ),
        ("{grade: 良好, min: 75}", "{grade: 良好, min: -.inf}", "grades.1.min"),
    ],
)
def test_non_finite_numbers_are_located_errors(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    p = _only(_check(tmp_path, _edit(old, new)))
    assert p.field == field and p.line == _line(_edit(old, new), new)
    assert ".nan" in p.message_zh and ".inf" in p.message_zh


@pytest.mark.parametrize(
    ("old", "new", "field", "zh"),
    [
        (
            "{type: direct, max: 50}",
            "{type: direct, min: -60, max: -10}",
            "indicators.0.rule.max",
            "数值太小",
        ),
        (
            "collective_factor: 0.5",
            "collective_factor: 1.5",
            "indicators.5.rule.collective_factor",
            "数值太大",
        ),
        ("points: 2, max: 20", "points: -2, max: 20", "indicators.1.rule.points", "数值太小"),
    ],
)
def test_absurd_numbers_are_located_errors(
    tmp_path: Path, old: str, new: str, field: str, zh: str
) -> None:
    problems = _check(tmp_path, _edit(old, new))
    assert any(p.field == field and zh in p.message_zh for p in problems), problems


def test_a_quota_share_outside_0_1_is_a_located_error(tmp_path: Path) -> None:
    text = GONGSU + "quotas: {within: [category], grades: {优秀: {share: -0.2}}}\n"
    p = _only(_check(tmp_path, text))
    assert p.field == "quotas.grades.优秀.share" and p.line == _line(text, "quotas:")


@pytest.mark.parametrize(
    ("score", "division"),
    [
        ("routine_work / attendance * 100", "routine_work / attendance"),
        ("(routine_work + cases_closed) / 0", "(routine_work + cases_closed) / 0"),
        ("routine_work / (attendance - 10)", "routine_work / (attendance - 10)"),
    ],
)
def test_a_formula_that_can_divide_by_zero(tmp_path: Path, score: str, division: str) -> None:
    text = _edit(
        "score: routine_work + cases_closed + overdue_cases + attendance + bulletins + awards",
        f"score: {score}",
    )
    problems = _check(tmp_path, text)
    p = _only(problems)
    assert p.field == "score" and p.line == _line(text, "score:")
    assert f"“{division}”可能除以 0" in p.message_zh


def test_a_divisor_that_cannot_be_zero_is_fine(tmp_path: Path) -> None:
    # attendance lies in [0, 10], so max(attendance, 1) in [1, 10]: the total is at most
    # 50 + 20 + 10 + 5 + 5 + 50 / 1 = 140 — over 100, hence max_total.
    score = "routine_work / max(attendance, 1) + cases_closed + overdue_cases + bulletins + awards"
    text = _edit(
        "score: routine_work + cases_closed + overdue_cases + attendance + bulletins + awards",
        f"score: {score}\nmax_total: 140",
    )
    assert _check(tmp_path, text) == []


def test_weights_that_let_the_total_pass_100(tmp_path: Path) -> None:
    old = "score: routine_work + cases_closed + overdue_cases + attendance + bulletins + awards"
    # 50 × 1.2 + 20 + 10 + 10 + 5 + 5 = 110 > 100 (the bands 90/75/60 are out of 100).
    text = _edit(
        old,
        "score: routine_work * 1.2 + cases_closed + overdue_cases + attendance"
        " + bulletins + awards",
    )
    p = _only(_check(tmp_path, text))
    assert p.field == "score" and "可达 110 分，超过满分 100 分" in p.message_zh
    assert "max_total: 110" in p.message_zh
    assert _check(tmp_path, text.replace("grades:", "max_total: 110\ngrades:", 1)) == []


def test_a_cap_above_the_scale_without_a_formula(tmp_path: Path) -> None:
    # The default total is the sum: 50 + 30 + 10 + 10 + 5 + 5 = 110.
    text = _edit("points: 2, max: 20", "points: 2, max: 30").replace(
        "score: routine_work + cases_closed + overdue_cases + attendance + bulletins + awards\n", ""
    )
    p = _only(_check(tmp_path, text))
    assert p.field == "indicators" and "110" in p.message_en


@pytest.mark.parametrize(
    ("old", "new", "field", "suggestion"),
    [
        (
            "source: office.attendance",
            "source: office.attendence",
            "indicators.3.source",
            "office.attendance",
        ),
        ("kinds: [case_closed]", "kinds: [Case_closed]", "indicators.1.kinds.0", "case_closed"),
        (
            "per: {case_overdue: 2}",
            "per: {case_overdu: 2}",
            "indicators.2.rule.per.case_overdu",
            "case_overdue",
        ),
        ("dept_key: [gongsu]", "dept: [gongsu]", "population.dept", "dept_key"),
        (
            "rank_within: [org_unit_id, category]",
            "rank_within: [org_unit, category]",
            "rank_within.0",
            "org_unit_id",
        ),
        ("+ bulletins + awards", "+ bulletin + awards", "score", "bulletins"),
    ],
)
def test_unknown_names_say_did_you_mean(
    tmp_path: Path, old: str, new: str, field: str, suggestion: str
) -> None:
    text = _edit(old, new)
    p = _only(_check(tmp_path, text))
    assert p.field == field and p.line == _line(text, new)
    assert f"是不是“{suggestion}”" in p.message_zh
    assert f"did you mean '{suggestion}'" in p.message_en


def test_a_veto_with_a_misspelt_source_or_kind(tmp_path: Path) -> None:
    veto = (
        "vetoes:\n"
        "  - {name: 受到处分, source: registry.disciplin, kinds: [demerit], grade_cap: 称职}\n"
        "  - {name: 受到处分, source: registry.discipline, kinds: [demerrit], zero_score: true}\n"
    )
    text = GONGSU + veto
    problems = _check(tmp_path, text)
    assert [p.field for p in problems] == ["vetoes.0.source", "vetoes.1.kinds.0"]
    assert problems[0].line == _line(text, "registry.disciplin,")
    assert "registry.discipline" in problems[0].message_zh
    assert "是不是“demerit”" in problems[1].message_zh


def test_an_oversized_clause_is_refused(tmp_path: Path) -> None:
    text = _edit(
        "clause: 本季度审结案件每件计2分，最高20分。", "clause: " + "很长的条款" * 401
    )  # 2005 characters
    p = _only(_check(tmp_path, text))
    assert p.field == "indicators.1.clause" and "2005 字" in p.message_zh


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    text = GONGSU + "#" + "x" * 1_000_000 + "\n"
    p = _only(_check(tmp_path, text))
    assert p.field == "(file)" and "太大" in p.message_zh


def _version(tmp_path: Path, name: str, version: str, start: str, end: str | None) -> None:
    text = _edit('version: "2026.1"', f'version: "{version}"')
    text = text.replace("effective_from: 2026-01-01", f"effective_from: {start}")
    if end:
        text = text.replace(
            f"effective_from: {start}", f"effective_from: {start}\neffective_to: {end}"
        )
    (tmp_path / name).write_text(text, encoding="utf-8")


def test_a_gap_between_versions_is_a_warning_naming_the_periods(tmp_path: Path) -> None:
    _version(tmp_path, "v1.yaml", "1", "2026-01-01", "2026-03-31")
    _version(tmp_path, "v2.yaml", "2", "2026-07-01", None)
    specs, problems = check_spec_files([tmp_path], today=date(2026, 11, 29))
    assert len(specs) == 2
    p = _only(problems)
    # 2026-04-01 … 2026-06-30 has no version in force: the quarter ending 2026-06-30 (Q2).
    assert p.severity == "warning" and p.field == "effective_from"
    assert p.file.endswith("v2.yaml") and "2026Q2" in p.message_zh and "2026Q3" not in p.message_zh


def test_versions_that_meet_have_no_warning(tmp_path: Path) -> None:
    _version(tmp_path, "v1.yaml", "1", "2026-01-01", "2026-06-30")
    _version(tmp_path, "v2.yaml", "2", "2026-07-01", None)
    assert check_spec_files([tmp_path], today=date(2026, 11, 29))[1] == []


def test_a_first_version_in_the_wrong_year_is_a_warning(tmp_path: Path) -> None:
    _version(tmp_path, "v1.yaml", "1", "2027-01-01", None)
    p = _only(check_spec_files([tmp_path], today=date(2026, 11, 29))[1])
    # Today's quarter ends 2026-12-31, before 2027-01-01: 2026Q4 has no version in force.
    assert p.severity == "warning" and "2026Q4" in p.message_zh and "年份" in p.message_zh


def test_a_version_in_force_on_no_period_end(tmp_path: Path) -> None:
    _version(tmp_path, "v1.yaml", "1", "2026-01-01", "2026-03-31")
    _version(tmp_path, "v2.yaml", "2", "2026-04-01", "2026-05-31")  # Q2 ends 06-30: none
    _version(tmp_path, "v3.yaml", "3", "2026-06-01", None)
    p = _only(check_spec_files([tmp_path], today=date(2026, 11, 29))[1])
    assert p.file.endswith("v2.yaml") and "scores no period" in p.message_en


def test_kpi_validate_prints_warnings_and_fails_only_on_errors(tmp_path: Path) -> None:
    env = demo_env(tmp_path)
    specs = tmp_path / "specs"
    specs.mkdir()
    _version(specs, "v1.yaml", "1", "2026-01-01", "2026-03-31")
    _version(specs, "v2.yml", "2", "2026-07-01", None)
    proc = kpi(env, "validate", str(specs))
    assert "警告 / warning" in proc.stdout and "2026Q2" in proc.stdout
    assert "2 spec(s) in 2 file(s)" in proc.stdout and "1 个警告" in proc.stdout
    assert "提示 / notice" in proc.stdout  # no build to check values against
    (specs / "v3.yaml").write_text(
        GONGSU.replace("period: quarter", "period: quarter\nperiod: month")
    )
    proc = kpi(env, "validate", str(specs), check=False)
    assert proc.returncode == 1
    assert "v3.yaml" in proc.stderr and "appears twice" in proc.stderr and "1 个错误" in proc.stderr

"""The rule models: registry, YAML syntax of each rule, maxima, and validation messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kpi_warehouse.scoring.rules import _COMPILERS
from kpi_warehouse.specs import loader
from kpi_warehouse.specs.loader import SpecError, load_spec
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.rule_models import RULE_TYPES
from tests.scoring_helpers import base_spec, fact, indicator_rows, spec_from

REPO = Path(__file__).resolve().parents[1]


def test_every_rule_type_has_a_compiler_and_a_loader_tag() -> None:
    assert set(_COMPILERS) == set(RULE_TYPES)
    assert set(loader._RULE_TAGS) == set(RULE_TYPES)
    assert {"dynamic_share", "rank_bands", "rater_tiers", "reviewed_hierarchy"} <= set(RULE_TYPES)


SPEC_YAML = """\
spec_id: rules-syntax
version: "1"
title: 规则写法示例
effective_from: 2026-01-01
indicators:
  - id: study
    name: 理论学习
    source: office.study
    rule: {type: dynamic_share, max: 3, counted: [confirmed], sessions: [confirmed, late, absent]}
  - id: leader_eval
    name: 党政领导测评
    source: ratings.rating
    kinds: [party_gov_leader]
    rule: {type: rank_bands, measure: mean, bands: [[0.25, 90], [0.55, 80], [1.0, 70]],
           within: [org_unit_id, category]}
  - id: leaders
    name: 领导评价
    source: ratings.rating
    rule:
      type: rater_tiers
      levels: {department_head: 7, supervising_leader: 7, section_chief: 7}
  - id: goals
    name: 业务目标
    source: office.journal
    rule:
      type: reviewed_hierarchy
      levels: [self, section_chief, supervising_leader, department_head]
      max: 50
  - id: routine
    name: 常规工作
    source: manual.entry
    kinds: [routine_work]
    rule: {type: direct, max: 50, max_without: {kinds: [key_project], max: 90}}
  - id: adjustments
    name: 奖惩附加分
    source: manual.entry
    kinds: [reward, penalty]
    rule: {type: direct, min: -10, max: 10}
max_total: 264  # 3 + 90 + 21 + 50 + 90 + 10: the indicators at their maxima
grades:
  - {grade: 优秀, min: 90}
  - {grade: 不称职}
"""


def test_the_yaml_syntax_of_each_new_rule(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(SPEC_YAML, encoding="utf-8")
    spec = load_spec(path)
    assert [i.rule.type for i in spec.indicators] == [
        "dynamic_share",
        "rank_bands",
        "rater_tiers",
        "reviewed_hierarchy",
        "direct",
        "direct",
    ]
    # One person, one record each: every indicator scores.
    facts = [
        fact(1, "P1", "office.study", "confirmed", "2026-01-05"),
        fact(2, "P1", "ratings.rating", "party_gov_leader", "2026-03-20", value=90.0),
        fact(3, "P1", "ratings.rating", "section_chief", "2026-03-20", value=5.0),
        fact(4, "P1", "office.journal", "journal_score", "2026-01-05", level="self", value=26.0),
        fact(5, "P1", "manual.entry", "routine_work", "2026-03-31", value=70.0),
        fact(6, "P1", "manual.entry", "penalty", "2026-03-31", value=-3.0),
    ]
    rows = indicator_rows(spec, facts, ["P1"])
    got = {ind: r["points"] for (_, _, ind), r in rows.items()}
    assert got == pytest.approx(
        {
            "study": 3.0,  # 1 of 1 session
            "leader_eval": 70.0,  # 1st of 1: position 1 ÷ 1 = 1.0 → the last band
            "leaders": 19.0,  # 7 + 7 + 5
            "goals": 2.0,  # 26 in one week of 13
            "routine": 70.0,  # no key project: out of 90
            "adjustments": -3.0,
        }
    )


def test_each_rule_states_its_maximum_and_the_sql_reports_it(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(SPEC_YAML, encoding="utf-8")
    spec = load_spec(path)
    maxima = {i.id: i.rule.max_points for i in spec.indicators}
    assert maxima == {
        "study": 3.0,  # dynamic_share: max
        "leader_eval": 90.0,  # rank_bands: the best band (unranked: the last band, 70)
        "leaders": 21.0,  # rater_tiers: 7 + 7 + 7
        "goals": 50.0,  # reviewed_hierarchy: max
        "routine": 90.0,  # direct: 50, or 90 with no key project — the higher
        "adjustments": 10.0,  # direct: max
    }
    # P1 has no key project, so routine's cap for P1 is 90 too: every row reports the
    # rule's maximum.
    rows = indicator_rows(spec, [fact(1, "P1", "office.study", "confirmed", "2026-01-05")], ["P1"])
    assert {ind: r["max_points"] for (_, _, ind), r in rows.items()} == maxima


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"type": "per_item", "points": 1}, None),  # no cap
        ({"type": "per_item", "points": 1, "max": 5}, 5.0),
        ({"type": "deduct", "start": 10, "per": {"late": 1}}, 10.0),
        ({"type": "mean_value"}, None),
        ({"type": "mean_value", "max": 10}, 10.0),
        (
            {
                "type": "rate_bands",
                "numerator": ["confirmed"],
                "denominator": ["late"],
                "bands": [[0.9, 1.5], [0.8, 1]],
                "otherwise": 2,
            },
            2.0,  # below every band scores more than the bands: otherwise is the most
        ),
        ({"type": "rank_bands", "bands": [[0.5, 80], [1.0, 70]], "missing": 85}, 85.0),
    ],
)
def test_rule_maximum(tmp_path: Path, rule: dict[str, Any], expected: float | None) -> None:
    indicator = {"id": "x", "name": "x", "source": "office.study", "rule": rule}
    spec = spec_from(tmp_path, base_spec([indicator]))
    assert spec.indicators[0].rule.max_points == expected


def test_the_committed_json_schema_is_current() -> None:
    schema = json.dumps(Spec.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    committed = REPO / "kpi_specs" / "spec.schema.json"
    assert committed.read_text(encoding="utf-8") == schema, (
        "kpi_specs/spec.schema.json is out of date: run kpi schema --out kpi_specs/spec.schema.json"
    )


def _problems(tmp_path: Path, rule: dict[str, Any], **ind: Any) -> list[str]:
    indicator = {"id": "x", "name": "x", "source": "office.study", "rule": rule, **ind}
    with pytest.raises(SpecError) as info:
        spec_from(tmp_path, base_spec([indicator]))
    return [f"{p.field}: {p.message_en}" for p in info.value.problems]


@pytest.mark.parametrize(
    ("rule", "extra", "expected"),
    [
        (
            {"type": "rank_bands", "bands": [[0.55, 80], [0.25, 90], [1.0, 70]]},
            {},
            "indicators.0.rule.bands: bands must be listed by ascending share",
        ),
        (
            {"type": "rank_bands", "bands": [[0.25, 90], [0.9, 80]]},
            {},
            "indicators.0.rule.bands: the last band must have share 1.0",
        ),
        (
            {"type": "rank_bands", "bands": [[0, 90], [1.0, 70]]},
            {},
            "indicators.0.rule.bands: band shares must be in (0, 1]",
        ),
        (
            {"type": "rank_bands", "bands": [[0.5, 90], [1.5, 70]]},
            {},
            "indicators.0.rule.bands: band shares must be in (0, 1]",
        ),
        (
            {"type": "rank_bands", "bands": [[1.0, 70]], "within": ["grade_level"]},
            {},
            "indicators.0.rule.within.0: unknown attribute 'grade_level'",
        ),
        (
            {"type": "dynamic_share", "max": 3, "counted": ["confirmed"], "sessions": ["late"]},
            {},
            "indicators.0.rule: counted kinds must also be session kinds",
        ),
        (
            {
                "type": "dynamic_share",
                "max": 3,
                "counted": ["confirmed"],
                "sessions": ["confirmed"],
                "if_none": 4,
            },
            {},
            "indicators.0.rule: if_none 4 is above max 3",
        ),
        (
            {"type": "dynamic_share", "max": -3, "counted": ["x"], "sessions": ["x"]},
            {},
            "indicators.0.rule.max: Input should be greater than or equal to 0",
        ),
        (
            {"type": "dynamic_share", "max": 3, "counted": ["done"], "sessions": ["done"]},
            {},
            "indicators.0.rule.counted.0: source office.study has no kind 'done'",
        ),
        (
            {"type": "direct", "min": 10, "max": 5},
            {},
            "indicators.0.rule: min 10 is above max 5",
        ),
        (
            {"type": "direct", "max": 50, "max_without": {"kinds": ["key_projects"], "max": 90}},
            {"source": "manual.entry"},
            "indicators.0.rule.max_without.kinds.0: source manual.entry has no kind 'key_projects'",
        ),
        (
            {"type": "rater_tiers", "levels": {"section_chief": -7}},
            {"source": "ratings.rating"},
            "indicators.0.rule.levels: level maxima must be ≥ 0",
        ),
        (
            {"type": "rater_tiers", "levels": {"deputy_head": 7}},
            {"source": "ratings.rating"},
            "indicators.0.rule.levels.deputy_head: source ratings.rating has no kind 'deputy_head'",
        ),
        (
            {"type": "reviewed_hierarchy", "levels": ["self", "self"], "max": 50},
            {"source": "office.journal"},
            "indicators.0.rule: levels listed twice: self",
        ),
        (
            {"type": "reviewed_hierarchy", "levels": ["self"], "max": 50},
            {},  # office.study has no journal kinds
            "indicators.0.rule.score_kind: source office.study has no kind 'journal_score'",
        ),
        (
            {"type": "per_item", "points": 1, "max": -5},
            {},
            "indicators.0.rule.max: Input should be greater than or equal to 0",
        ),
        (
            {"type": "deduct", "start": 10, "per": {"late": 1}, "floor": 12},
            {},
            "indicators.0.rule: floor 12 is above start 10",
        ),
        (
            {
                "type": "rate_bands",
                "numerator": ["confirmed"],
                "denominator": ["late"],
                "bands": [[90, 1.5]],
            },
            {},
            "indicators.0.rule.bands: band rates are shares between 0 and 1",
        ),
        (
            {"type": "median"},
            {},
            "indicators.0.rule: Input tag 'median' found using 'type' does not match",
        ),
    ],
)
def test_validation_messages(
    tmp_path: Path, rule: dict[str, Any], extra: dict[str, Any], expected: str
) -> None:
    problems = _problems(tmp_path, rule, **extra)
    assert any(p.startswith(expected) for p in problems), problems


def test_problems_point_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SPEC_YAML.replace("[0.55, 80], [1.0, 70]]", "[0.55, 80], [0.9, 70]]"))
    with pytest.raises(SpecError) as info:
        load_spec(path)
    (problem,) = info.value.problems
    assert problem.field == "indicators.1.rule.bands"
    assert problem.line == 14  # leader_eval's rule: line, where bands is
    assert "share 1.0" in problem.message_zh

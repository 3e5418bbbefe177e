"""Score formulas: what a spec may write, the indicators it names, and its value — the same
in Python (the loader's check that the top grade is reachable) and in SQL (the scores)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.scoring.formula import formula_sql
from kpi_warehouse.specs.formula import FormulaError, formula_names, formula_value
from kpi_warehouse.specs.loader import SpecError
from tests.scoring_helpers import ATTENDANCE, base_spec, spec_from

POINTS = {"a": 6.0, "b": 4.0, "zero": 0.0}


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("a + b", 10.0),
        ("(a + b) * 0.6 + a * 0.4", 8.4),  # 10 × 0.6 + 6 × 0.4
        ("-a + +b", -2.0),
        ("min(a, b, 5) - max(a, 7)", -3.0),  # 4 − 7
        ("a / b", 1.5),
        ("a / zero", None),  # division by zero: no value
        ("a / zero + b", None),  # … which carries through arithmetic
        ("max(a / zero, b)", 4.0),  # … and min/max skip it
        ("min(a / zero)", None),
    ],
)
def test_python_and_sql_agree(formula: str, expected: float | None) -> None:
    assert formula_value(formula, POINTS) == pytest.approx(expected)
    sql = formula_sql(formula, lambda name: f"{POINTS[name]!r}::DOUBLE")
    (in_sql,) = duckdb.sql(f"SELECT CAST({sql} AS DOUBLE)").fetchone()
    assert in_sql == pytest.approx(expected)


def test_names() -> None:
    assert formula_names("(routine + key) * 0.6 + max(leader, 3) / days") == {
        "routine",
        "key",
        "leader",
        "days",
    }


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("a +", "cannot parse 'a +'"),
        ("a ** 2", "not allowed in a formula: 'a ** 2'"),
        ("abs(a)", "not allowed in a formula: 'abs(a)'"),
        ("a if b else 1", "not allowed in a formula"),
        ("True + a", "not allowed in a formula: 'True'"),
    ],
)
def test_what_a_formula_may_not_hold(formula: str, message: str) -> None:
    with pytest.raises(FormulaError, match=re.escape(message)):
        formula_names(formula)


def test_the_loader_checks_names_and_reachability(tmp_path: Path) -> None:
    # attendance is at most 10: with score "attendance * 0.5" the total is at most 5.
    def problems(score: str, top: float) -> list[str]:
        grades = [{"grade": "优秀", "min": top}, {"grade": "其他"}]
        with pytest.raises(SpecError) as info:
            spec_from(tmp_path, base_spec([ATTENDANCE], score=score, grades=grades))
        return [f"{p.field}: {p.message_en}" for p in info.value.problems]

    assert problems("attendance * 0.5", 6) == [
        "grades.0.min: with every indicator at its maximum the total is at most 5, below the 6 "
        "that '优秀' needs: check the maxima, the formula or the bands"
    ]
    assert problems("attendance + bonus", 1) == [
        "score: the score formula names unknown indicator 'bonus'; the indicators are attendance"
    ]
    assert spec_from(tmp_path, base_spec([ATTENDANCE], score="attendance * 0.5")).score
    reachable = [{"grade": "优秀", "min": 5}, {"grade": "其他"}]
    assert spec_from(tmp_path, base_spec([ATTENDANCE], score="attendance * 0.5", grades=reachable))

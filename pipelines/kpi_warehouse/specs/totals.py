"""Checks of the total a spec can give: computable, within the scale, the top grade reachable.

Each indicator's points lie between its rule's ``min_points`` and ``max_points``; the score
formula maps those ranges to the range of the total (:func:`formula_range`). Then:

- a division whose divisor can be 0 is an error: in SQL it gives NULL, every total is NULL
  and everyone gets the lowest grade;
- the highest total may not exceed the scale the grade bands are written on: ``max_total``,
  or 100 when the top band's minimum is between 50 and 100, i.e. the bands are written on a
  100-point scale (weights that let totals pass 100); a top band at 0 or above 100 names no
  scale, and then only an explicit ``max_total`` is checked;
- the top grade must be reachable with every indicator at its maximum.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from kpi_warehouse.specs.formula import FormulaError, formula_range
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.problems import SpecProblem

Locate = Callable[[Sequence[str | int]], int | None]
DEFAULT_SCALE = 100.0


def _bound(value: float | None, default: float) -> float:
    return default if value is None else value


def total_problems(path: str, locate: Locate, spec: Spec) -> list[SpecProblem]:
    ranges = {
        i.id: (_bound(i.rule.min_points, -math.inf), _bound(i.rule.max_points, math.inf))
        for i in spec.indicators
    }
    formula = spec.score or " + ".join(ranges)
    where = ["score"] if spec.score else ["indicators"]
    divisions: list[str] = []
    try:
        _low, high = formula_range(formula, ranges, divisions)
    except FormulaError:
        return []  # reported with the formula's names
    out: list[SpecProblem] = []

    def add(loc: list[str | int], zh: str, en: str) -> None:
        out.append(SpecProblem(path, locate(loc), ".".join(map(str, loc)), zh, en))

    for division in dict.fromkeys(divisions):
        add(
            where,
            f"总分公式中的“{division}”可能除以 0（除数可能为 0 分）：那样总分为空，所有人都会"
            "被评为最低等次。请除以常数，或写成 max(除数, 1) 之类不会为 0 的式子",
            f"'{division}' in the score formula can divide by zero (the divisor can be 0): every "
            "total would be empty and everyone get the lowest grade. Divide by a constant or by "
            "something that cannot be 0, such as max(divisor, 1)",
        )
    if divisions or math.isinf(high):
        return out
    top = spec.grades[0]
    scale = spec.max_total
    if scale is None and top.min is not None and DEFAULT_SCALE / 2 <= top.min <= DEFAULT_SCALE:
        scale = DEFAULT_SCALE
    if scale is not None and high > scale + 1e-9:
        field = "max_total" if spec.max_total is not None else where[0]
        add(
            [field],
            f"各指标都取满分时总分可达 {high:g} 分，超过满分 {scale:g} 分：请检查各指标的满分和"
            f"总分公式的权重；如果细则的加分项确实可使总分超过 {scale:g} 分，请写 "
            f"max_total: {high:g}",
            f"with every indicator at its maximum the total can reach {high:g}, above the "
            f"{scale:g} the grades are scaled to: check the maxima and the formula's weights; if "
            f"the standards' bonus points do allow more, write max_total: {high:g}",
        )
    if top.min is not None and high + 1e-9 < top.min:
        add(
            ["grades", 0, "min"],
            f"各指标都取满分时总分最高 {high:g} 分，达不到“{top.grade}”要求的 {top.min:g} 分："
            "请检查各指标的满分、总分公式或等次分数线",
            f"with every indicator at its maximum the total is at most {high:g}, below the "
            f"{top.min:g} that '{top.grade}' needs: check the maxima, the formula or the bands",
        )
    return out

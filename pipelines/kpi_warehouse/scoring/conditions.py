"""Conditions (vetoes, eligibility rules, pay-as rules) as SQL booleans on a graded row."""

from __future__ import annotations

from collections.abc import Sequence

from kpi_warehouse.scoring.compiler import Inputs
from kpi_warehouse.scoring.sql import ident, in_list, lit
from kpi_warehouse.specs.model import Condition, Eligibility, Veto


def condition_sql(appraisee: str, cond: Condition, inputs: Inputs) -> str:
    """SQL boolean for one condition, on a row (alias t) with ``appraisee_id``, ``start_date``
    and ``end_date``: records are counted between the row's own start and end dates."""
    if appraisee == "person":
        key, table = "person_id", inputs.people
    else:
        key, table = "org_unit_id", inputs.org_units
    if cond.source is not None:
        where = [
            f"f.{key} = t.appraisee_id",
            f"f.source = {lit(cond.source)}",
            "f.activity_date BETWEEN t.start_date AND t.end_date",
        ]
        if cond.kinds:
            where.append(f"f.kind IN {in_list(cond.kinds)}")
        if cond.levels:
            where.append(f"f.level IN {in_list(cond.levels)}")
        return (
            f"(SELECT coalesce(sum(f.quantity), 0) FROM {inputs.facts} f "
            f"WHERE {' AND '.join(where)}) >= {lit(cond.at_least)}"
        )
    if cond.attribute is not None:
        return (
            f"EXISTS (SELECT 1 FROM {table} x WHERE x.{key} = t.appraisee_id "
            f"AND x.{ident(cond.attribute)} IN {in_list(cond.values or [])})"
        )
    return (
        f"EXISTS (SELECT 1 FROM {table} x WHERE x.{key} = t.appraisee_id "
        f"AND x.hire_date > t.end_date - INTERVAL {int(cond.hired_within_days or 0)} DAY)"
    )


class CheckedConditions:
    """Each condition evaluated once per row, as a boolean column c<n>.

    Vetoes, eligibility rules, pay-as rules and grade notes all read these columns, so a
    condition's correlated subquery over the facts runs once, however many uses it has.
    """

    def __init__(self, appraisee: str, inputs: Inputs, conditions: Sequence[Condition]) -> None:
        self._column = {id(c): f"c{n}" for n, c in enumerate(conditions)}
        self._sql = [condition_sql(appraisee, c, inputs) for c in conditions]

    def cte(self, source: str) -> str:
        """``source`` (alias t) with one column per condition."""
        cols = "".join(f", ({sql}) AS c{n}" for n, sql in enumerate(self._sql))
        return f"SELECT t.*{cols} FROM {source} t"

    def col(self, cond: Condition) -> str:
        return self._column[id(cond)]

    def any(self, conds: Sequence[Condition]) -> str:
        return " OR ".join(self.col(c) for c in conds) or "FALSE"


def condition_labels(
    vetoes: Sequence[Veto], eligibility: Eligibility
) -> list[tuple[Condition, str]]:
    """The Chinese reason a grade note gives for each veto and eligibility rule."""
    labelled: list[tuple[Condition, str]] = [(v, f"一票否决：{v.name}") for v in vetoes]
    labelled += [(c, f"不参加评定等次：{c.name}") for c in eligibility.not_graded]
    labelled += [(c, f"不确定等次：{c.name}") for c in eligibility.undetermined]
    labelled += [(f, f"定为{f.grade}：{f.name}") for f in eligibility.forced]
    labelled += [(p, f"{p.grade}按{p.pay_as}发放：{p.name}") for p in eligibility.pay_as]
    return labelled

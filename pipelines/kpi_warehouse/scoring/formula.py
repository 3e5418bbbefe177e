"""Score formulas as SQL (the language and its parser: :mod:`kpi_warehouse.specs.formula`)."""

from __future__ import annotations

from collections.abc import Callable

from kpi_warehouse.specs.formula import BinOp, Call, Expr, Name, Number, Signed, parse_formula

_FUNCS = {"min": "least", "max": "greatest"}


def _sql(expr: Expr, column: Callable[[str], str]) -> str:
    if isinstance(expr, Number):
        return repr(expr.value)
    if isinstance(expr, Name):
        return column(expr.id)
    if isinstance(expr, Signed):
        return f"({expr.sign}{_sql(expr.operand, column)})"
    if isinstance(expr, Call):
        args = ", ".join(_sql(a, column) for a in expr.args)
        return f"{_FUNCS[expr.func]}({args})"
    if isinstance(expr, BinOp):
        left, right = _sql(expr.left, column), _sql(expr.right, column)
        if expr.op == "/":
            return f"({left} / nullif({right}, 0))"
        return f"({left} {expr.op} {right})"
    raise TypeError(f"not a formula expression: {expr!r}")


def formula_sql(text: str, column: Callable[[str], str]) -> str:
    """SQL for the formula; ``column(id)`` gives the SQL expression of an indicator's points.
    A division by zero gives NULL."""
    return _sql(parse_formula(text), column)

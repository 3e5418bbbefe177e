"""Score formulas: arithmetic over indicator ids, parsed safely and emitted as SQL.

Allowed: numbers, indicator ids, ``+ - * /``, parentheses, ``min(...)``, ``max(...)``.
Example: ``(routine + key + attendance + adjust) * 0.6 + leader_eval * 0.4``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_FUNCS = {"min": "least", "max": "greatest"}


class FormulaError(ValueError):
    """The formula is not valid arithmetic over indicator ids."""


def _parse(text: str) -> ast.expr:
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(f"cannot parse '{text}': {exc.msg}") from exc


def _walk(node: ast.expr, name: Callable[[str], str]) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return repr(float(node.value))
    if isinstance(node, ast.Name):
        return name(node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left, right = _walk(node.left, name), _walk(node.right, name)
        if isinstance(node.op, ast.Div):
            return f"({left} / nullif({right}, 0))"
        return f"({left} {_OPS[type(node.op)]} {right})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = "-" if isinstance(node.op, ast.USub) else "+"
        return f"({sign}{_walk(node.operand, name)})"
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCS
        and node.args
        and not node.keywords
    ):
        args = ", ".join(_walk(a, name) for a in node.args)
        return f"{_FUNCS[node.func.id]}({args})"
    raise FormulaError(f"not allowed in a formula: '{ast.unparse(node)}'")


def formula_names(text: str) -> set[str]:
    """The indicator ids a formula uses (raises FormulaError if it is not valid)."""
    names: set[str] = set()

    def collect(n: str) -> str:
        names.add(n)
        return n

    _walk(_parse(text), collect)
    return names


def formula_sql(text: str, column: Callable[[str], str]) -> str:
    """SQL for the formula; ``column(id)`` gives the SQL expression of an indicator's points."""
    return _walk(_parse(text), column)

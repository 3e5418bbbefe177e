"""Score formulas: arithmetic over indicator ids, parsed safely into a small expression tree.

Allowed: numbers, indicator ids, ``+ - * /``, parentheses, ``min(...)``, ``max(...)``.
Example: ``(routine + key + attendance + adjust) * 0.6 + leader_eval * 0.4``.

This module is the language (what a liaison may write, which indicators it names, what it
evaluates to); the scoring library's ``formula`` module renders the same tree as SQL.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Operator = Literal["+", "-", "*", "/"]


class FormulaError(ValueError):
    """The formula is not valid arithmetic over indicator ids."""


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Name:
    id: str  # an indicator id


@dataclass(frozen=True)
class BinOp:
    op: Operator
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Signed:
    sign: Literal["+", "-"]
    operand: Expr


@dataclass(frozen=True)
class Call:
    func: Literal["min", "max"]
    args: tuple[Expr, ...]


Expr = Number | Name | BinOp | Signed | Call

_OPS: dict[type[ast.operator], Operator] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
}


def _tree(node: ast.expr) -> Expr:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return Number(float(node.value))
    if isinstance(node, ast.Name):
        return Name(node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return BinOp(_OPS[type(node.op)], _tree(node.left), _tree(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return Signed("-" if isinstance(node.op, ast.USub) else "+", _tree(node.operand))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("min", "max")
        and node.args
        and not node.keywords
    ):
        func: Literal["min", "max"] = "min" if node.func.id == "min" else "max"
        return Call(func, tuple(_tree(a) for a in node.args))
    raise FormulaError(f"not allowed in a formula: '{ast.unparse(node)}'")


def parse_formula(text: str) -> Expr:
    """The formula's expression tree (raises FormulaError if it is not valid)."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(f"cannot parse '{text}': {exc.msg}") from exc
    return _tree(node)


def _names(expr: Expr) -> set[str]:
    if isinstance(expr, Name):
        return {expr.id}
    if isinstance(expr, BinOp):
        return _names(expr.left) | _names(expr.right)
    if isinstance(expr, Signed):
        return _names(expr.operand)
    if isinstance(expr, Call):
        return set().union(*(_names(a) for a in expr.args))
    return set()


def formula_names(text: str) -> set[str]:
    """The indicator ids a formula uses (raises FormulaError if it is not valid)."""
    return _names(parse_formula(text))


def _value(expr: Expr, values: Mapping[str, float]) -> float | None:
    if isinstance(expr, Number):
        return expr.value
    if isinstance(expr, Name):
        return values[expr.id]
    if isinstance(expr, Signed):
        x = _value(expr.operand, values)
        return None if x is None else (-x if expr.sign == "-" else x)
    if isinstance(expr, Call):
        args = [a for a in (_value(e, values) for e in expr.args) if a is not None]
        if not args:
            return None
        return min(args) if expr.func == "min" else max(args)
    left, right = _value(expr.left, values), _value(expr.right, values)
    if left is None or right is None:
        return None
    if expr.op == "+":
        return left + right
    if expr.op == "-":
        return left - right
    if expr.op == "*":
        return left * right
    return None if right == 0 else left / right


def formula_value(text: str, values: Mapping[str, float]) -> float | None:
    """The formula's value for the given indicator points, with the SQL's arithmetic: a
    division by zero gives no value (NULL), which carries through, and ``min``/``max`` skip
    it (as SQL ``least``/``greatest`` do)."""
    return _value(parse_formula(text), values)


Range = tuple[float, float]  # lowest, highest; ±inf when unbounded


def _mul(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b  # 0 × ∞ is 0 here: a bound, not a value


def render(expr: Expr) -> str:
    """The expression as a liaison would write it."""
    if isinstance(expr, Number):
        return f"{expr.value:g}"
    if isinstance(expr, Name):
        return expr.id
    if isinstance(expr, Signed):
        return f"{expr.sign}{render(expr.operand)}"
    if isinstance(expr, Call):
        return f"{expr.func}({', '.join(render(a) for a in expr.args)})"
    left, right = render(expr.left), render(expr.right)
    if isinstance(expr.right, BinOp):
        right = f"({right})"
    if isinstance(expr.left, BinOp) and expr.op in "*/":
        left = f"({left})"
    return f"{left} {expr.op} {right}"


def formula_range(
    text: str, ranges: Mapping[str, Range], zero_divisors: list[str] | None = None
) -> Range:
    """The lowest and highest value the formula can take when each indicator lies anywhere in
    its range. Every division whose divisor can be 0 is appended to ``zero_divisors`` (as
    text) and gives an unbounded range."""
    found = zero_divisors if zero_divisors is not None else []

    def walk(expr: Expr) -> Range:
        if isinstance(expr, Number):
            return expr.value, expr.value
        if isinstance(expr, Name):
            return ranges.get(expr.id, (-math.inf, math.inf))
        if isinstance(expr, Signed):
            lo, hi = walk(expr.operand)
            return (-hi, -lo) if expr.sign == "-" else (lo, hi)
        if isinstance(expr, Call):
            parts = [walk(a) for a in expr.args]
            pick = min if expr.func == "min" else max
            return pick(p[0] for p in parts), pick(p[1] for p in parts)
        (a, b), (c, d) = walk(expr.left), walk(expr.right)
        if expr.op == "+":
            return a + c, b + d
        if expr.op == "-":
            return a - d, b - c
        if expr.op == "/":
            if c <= 0 <= d:
                found.append(render(expr))
                return -math.inf, math.inf
            c, d = 1 / d, 1 / c
        corners = [_mul(a, c), _mul(a, d), _mul(b, c), _mul(b, d)]
        return min(corners), max(corners)

    return walk(parse_formula(text))

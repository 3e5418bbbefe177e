"""Small SQL-building helpers (DuckDB dialect)."""

from __future__ import annotations

from collections.abc import Iterable


def lit(value: object) -> str:
    """A SQL literal for a Python value."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(float(value))
    return "'" + str(value).replace("'", "''") + "'"


def in_list(values: Iterable[object]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")"


def case_map(column: str, mapping: dict[str, float], default: str = "0.0") -> str:
    """``CASE column WHEN k THEN v ... ELSE default END``."""
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping.items())
    return f"(CASE {column} {whens} ELSE {default} END)"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

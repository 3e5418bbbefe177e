"""User-written SQL (the console page, ``kpi sql``): vet one statement, run it within the
account's scope with a timeout, a row cap and a memory cap, and log it.

Vetting parses the statement with DuckDB itself (``json_serialize_sql``) and walks the
tree: exactly one SELECT; every table it names must be one of the scoped marts (or a CTE
of its own), unqualified; table functions only ``range``, ``generate_series``,
``unnest``; ``DESCRIBE`` / ``SUMMARIZE`` of a mart are fine, other ``SHOW`` forms are not.
Whatever slips past still meets a connection with no file access, no extensions and a
locked configuration.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import duckdb
import pandas as pd

from kpi_warehouse.store import audit
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.scope import (
    CONSOLE_LIMITS,
    Limits,
    NotPermitted,
    Scope,
    interrupt_after,
    operator_connection,
    scoped_connection,
    scoped_relations,
)

TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})
REF_TYPES = frozenset(
    {"BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "EXPRESSION_LIST", "TABLE_FUNCTION", "SHOW_REF"}
)
SHOW_TYPES = frozenset({"DESCRIBE", "SUMMARY"})
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_ALIAS = re.compile(r"\bsnap_[0-9a-f]{16}\b")


class Verdict(StrEnum):
    OK = "ok"
    EMPTY = "empty"
    MULTIPLE = "multiple"
    NOT_READ_ONLY = "not_read_only"
    SYNTAX = "syntax"
    RELATION = "relation"  # names a table outside the scoped marts
    FUNCTION = "function"  # calls a table function other than range/generate_series/unnest


@dataclass(frozen=True)
class Check:
    verdict: Verdict
    statement: str = ""
    error: str = ""
    names: tuple[str, ...] = ()


class Refused(Exception):
    def __init__(self, check: Check) -> None:
        super().__init__(f"{check.verdict}: {', '.join(check.names) or check.error}")
        self.check = check


@dataclass
class _Found:
    tables: list[tuple[str, str, str, frozenset[str]]] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    bad_refs: list[str] = field(default_factory=list)


def _walk(node: object, ctes: frozenset[str], found: _Found) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, ctes, found)
        return
    if not isinstance(node, dict):
        return
    cte_map = node.get("cte_map")
    if isinstance(cte_map, dict):
        ctes = ctes | {str(e.get("key", "")).lower() for e in cte_map.get("map", [])}
    is_ref = "sample" in node and "modifiers" not in node and "class" not in node
    if is_ref:
        kind = node.get("type")
        if kind not in REF_TYPES:
            found.bad_refs.append(str(kind))
        elif kind == "BASE_TABLE":
            found.tables.append(
                (node.get("catalog_name", ""), node.get("schema_name", ""),
                 node.get("table_name", ""), ctes)
            )  # fmt: skip
        elif kind == "TABLE_FUNCTION":
            found.functions.append(str(node.get("function", {}).get("function_name", "")))
        elif kind == "SHOW_REF" and (
            node.get("show_type") not in SHOW_TYPES or node.get("query") is None
        ):
            found.bad_refs.append(f"SHOW {node.get('table_name') or ''}".strip())
    for value in node.values():
        _walk(value, ctes, found)


def vet(con: duckdb.DuckDBPyConnection, sql: str, allowed: Collection[str] | None) -> Check:
    """Accept one read-only statement naming only ``allowed`` tables (any, when None)."""
    text = sql.strip()
    if not _COMMENTS.sub(" ", text).strip(" \t\r\n;"):
        return Check(Verdict.EMPTY)
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        return Check(Verdict.SYNTAX, error=_scrub(str(exc)))
    if len(statements) != 1:
        return Check(Verdict.MULTIPLE if statements else Verdict.EMPTY)
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        return Check(Verdict.NOT_READ_ONLY)
    query = statement.query.strip()
    raw = con.execute("SELECT json_serialize_sql(?)", [query]).fetchone()
    tree = json.loads(raw[0]) if raw else {"error": True}
    if tree.get("error"):  # PRAGMA, EXPLAIN, PIVOT ... parse as SELECT but are not plain ones
        return Check(Verdict.NOT_READ_ONLY)
    found = _Found()
    _walk(tree.get("statements", []), frozenset(), found)
    if found.bad_refs:
        return Check(Verdict.NOT_READ_ONLY, names=tuple(found.bad_refs))
    bad_functions = sorted({f for f in found.functions if f.lower() not in TABLE_FUNCTIONS})
    if bad_functions:
        return Check(Verdict.FUNCTION, names=tuple(bad_functions))
    if allowed is not None:
        permitted = {a.lower() for a in allowed}
        outside = sorted(
            {
                ".".join(p for p in (catalog, schema, table) if p)
                for catalog, schema, table, ctes in found.tables
                if catalog or schema or (table.lower() not in permitted | ctes)
            }
        )
        if outside:
            return Check(Verdict.RELATION, names=tuple(outside))
    return Check(Verdict.OK, statement=query)


def vet_or_raise(con: duckdb.DuckDBPyConnection, sql: str, allowed: Collection[str]) -> None:
    check = vet(con, sql, allowed)
    if check.verdict is not Verdict.OK:
        raise Refused(check)


def _scrub(message: str) -> str:
    """Error text without the private alias of the attached snapshot."""
    return _ALIAS.sub("snapshot", message)


@dataclass(frozen=True)
class Outcome:
    check: Check
    frame: pd.DataFrame | None = None
    truncated: bool = False
    error: str = ""
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.frame is not None


def _connection(scope: Scope | None, snapshot: str | Path, limits: Limits) -> Iterator:
    return (
        operator_connection(snapshot, limits)
        if scope is None
        else scoped_connection(scope, snapshot, limits)
    )


def run_sql(
    scope: Scope | None,
    snapshot: str | Path,
    sql: str,
    actor: Actor,
    limits: Limits = CONSOLE_LIMITS,
    audit_url: str | None = None,
    via: str | None = None,
) -> Outcome:
    """Vet and run one user statement; every attempt is written to the audit log.

    ``scope`` None is the operator's ``kpi sql``: every relation, same other protections.
    ``via`` notes who ran it for the account (``kpi sql --user`` records the OS user).
    Raises :class:`NotPermitted` for an account without the analyst or admin role.
    """
    context = {"via": via} if via else {}
    if scope is not None and not scope.may_use_sql:
        audit.record(actor, "sql", "denied", detail={"sql": sql, **context}, url=audit_url)
        raise NotPermitted("sql", scope.username)
    with _connection(scope, snapshot, limits) as con:
        allowed = None if scope is None else scoped_relations(con)
        check = vet(con, sql, allowed)
        outcome = (
            Outcome(check) if check.verdict is not Verdict.OK else _execute(con, check, limits)
        )
    detail: dict[str, object] = {"sql": sql, "verdict": str(check.verdict), **context}
    if check.names:
        detail["names"] = list(check.names)
    if outcome.error:
        detail["error"] = outcome.error
    result = (
        "ok" if outcome.ok
        else "timeout" if outcome.timed_out
        else "error" if outcome.error
        else "refused"
    )  # fmt: skip
    rows = None if outcome.frame is None else len(outcome.frame)
    audit.record(actor, "sql", result, rows=rows, detail=detail, url=audit_url)
    return outcome


def _execute(con: duckdb.DuckDBPyConnection, check: Check, limits: Limits) -> Outcome:
    try:
        with interrupt_after(con, limits.timeout_seconds):
            relation = con.sql(check.statement)
            if limits.max_rows is not None:
                relation = relation.limit(limits.max_rows + 1)
            frame = relation.df()
    except duckdb.InterruptException:
        return Outcome(check, timed_out=True)
    except duckdb.Error as exc:
        return Outcome(check, error=_scrub(str(exc)))
    cap = limits.max_rows
    if cap is not None and len(frame) > cap:
        return Outcome(check, frame.head(cap), truncated=True)
    return Outcome(check, frame)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV with a UTF-8 byte-order mark so spreadsheet programs show Chinese correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")

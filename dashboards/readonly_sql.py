"""Analysts' ad-hoc SQL: vet one statement, then run it on a read-only connection.

Two guards: the statement must parse as a single SELECT whose first keyword is SELECT,
WITH, DESCRIBE or SHOW; and the connection itself is read-only with external file access
disabled, so even a statement that slipped past the first guard cannot write anything.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from enum import Enum

import duckdb
import pandas as pd

from dashboards.snapshot import connect

ALLOWED_FIRST_KEYWORDS = frozenset({"SELECT", "WITH", "DESCRIBE", "SHOW"})
MAX_ROWS = 10_000
TIMEOUT_SECONDS = 30.0

_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


class Verdict(Enum):
    OK = "ok"
    EMPTY = "empty"
    MULTIPLE = "multiple"
    NOT_READ_ONLY = "not_read_only"
    SYNTAX = "syntax"


@dataclass(frozen=True)
class Check:
    verdict: Verdict
    statement: str = ""
    error: str = ""


@dataclass(frozen=True)
class Result:
    frame: pd.DataFrame
    truncated: bool


class QueryTimeout(Exception):
    """The query ran longer than TIMEOUT_SECONDS and was interrupted."""


def first_keyword(sql: str) -> str:
    match = _FIRST_WORD.search(_COMMENTS.sub(" ", sql))
    return match.group(0).upper() if match else ""


def check_statement(sql: str) -> Check:
    """Accept exactly one read-only statement (SELECT / WITH / DESCRIBE / SHOW)."""
    text = sql.strip()
    if not _COMMENTS.sub(" ", text).strip(" \t\r\n;"):
        return Check(Verdict.EMPTY)
    try:
        with duckdb.connect(":memory:") as parser:
            statements = parser.extract_statements(text)
    except duckdb.Error as exc:
        return Check(Verdict.SYNTAX, error=str(exc))
    if len(statements) != 1:
        return Check(Verdict.MULTIPLE if statements else Verdict.EMPTY)
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        return Check(Verdict.NOT_READ_ONLY)
    if first_keyword(text) not in ALLOWED_FIRST_KEYWORDS:  # PRAGMA etc. also parse as SELECT
        return Check(Verdict.NOT_READ_ONLY)
    return Check(Verdict.OK, statement=statement.query.strip())


def run_query(path: str, statement: str, max_rows: int = MAX_ROWS) -> Result:
    """Run a vetted statement on a fresh read-only connection; at most ``max_rows`` rows."""
    with connect(path) as con:
        timer = threading.Timer(TIMEOUT_SECONDS, con.interrupt)
        timer.start()
        try:
            frame = con.sql(statement).limit(max_rows + 1).df()
        except duckdb.InterruptException as exc:
            raise QueryTimeout from exc
        finally:
            timer.cancel()
    truncated = len(frame) > max_rows
    return Result(frame.head(max_rows), truncated)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV with a UTF-8 byte-order mark so spreadsheet programs show Chinese correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")

"""``meta_snapshot``: what a published snapshot says about itself, and how to check it.

One row, written by the publish step (not by dbt): when it was built, the spec versions
scored (and their files' hashes), each source table's row count and watermark, the dbt
invocation, and a content hash of the marts. ``kpi verify`` recomputes the content hash from
the file; two builds from the same sources and specs give the same hash.

The content hash covers every table of the ``main`` schema except ``meta_*`` (the marts and
reference tables). Per table it is an order-independent digest — the row count and the sum
of DuckDB's row hashes — so the physical row order of a parallel build does not matter;
floating-point columns are rounded to 6 decimals first, so the last bits of a sum computed in
another order do not either. The table digests, sorted by name, are hashed with SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

# The one definition of meta_snapshot's columns and their descriptions (publish writes it;
# the schema browser and the test fixtures read it from here).
META_DESCRIPTION = (
    "What this snapshot says about itself, one row written when it was published: when it "
    "was built, the spec versions it scored, its sources and a content hash (`kpi verify` "
    "recomputes it)."
)
META_COLUMN_DOCS: tuple[tuple[str, str, str], ...] = (
    ("built_at", "TIMESTAMP", "When the snapshot was published (UTC)"),
    ("spec_versions", "VARCHAR", "JSON: each spec (spec_id@effective_from) → the version scored"),
    ("spec_sha256", "VARCHAR", "JSON: each spec → the SHA-256 of its file"),
    ("sources", "VARCHAR", "JSON: each extracted source table → its row count and latest date"),
    ("dbt_invocation", "VARCHAR", "JSON: the dbt run that built the marts (id, version, seconds)"),
    ("content_sha256", "VARCHAR", "SHA-256 over the digests of every table but meta_*"),
    (
        "inputs_sha256",
        "VARCHAR",
        "SHA-256 of what the build read: each source table's content, the spec versions, the "
        "code, and the closed and re-opened periods (an identical build is not redone)",
    ),
    ("note", "VARCHAR", "Free text (who or what published it)"),
)
META_COLUMNS: tuple[tuple[str, str], ...] = tuple((n, t) for n, t, _ in META_COLUMN_DOCS)
META_DDL = "CREATE TABLE meta_snapshot (" + ", ".join(f"{n} {t}" for n, t in META_COLUMNS) + ")"

_FLOATS = {"DOUBLE", "FLOAT", "REAL"}
_DATES = ("DATE", "TIMESTAMP")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _content_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
        "AND database_name = current_database() AND NOT starts_with(table_name, 'meta_') "
        "ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? "
        "AND table_name = ? AND database_name = current_database() ORDER BY column_index",
        [schema, table],
    ).fetchall()


def table_digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """``name|rows|sum of row hashes`` of one table of the main schema."""
    parts = []
    for name, data_type in _columns(con, "main", table):
        column = _q(name)
        parts.append(f"round({column}, 6)" if data_type in _FLOATS else column)
    rows, total = con.execute(
        f"SELECT count(*), coalesce(sum(hash({', '.join(parts)})::HUGEINT), 0)::VARCHAR "
        f"FROM main.{_q(table)}"
    ).fetchone()
    return f"{table}|{rows}|{total}"


def content_sha256(con: duckdb.DuckDBPyConnection) -> str:
    digests = "\n".join(table_digest(con, table) for table in _content_tables(con))
    return hashlib.sha256(digests.encode()).hexdigest()


def _date_named(column: str) -> bool:
    """Sources keep dates as ISO text too (SQLite): ``*_date``, ``*_at``, ``*_on``."""
    return column.endswith(("_date", "_at", "_on"))


def source_watermarks(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Each extracted table (schema ``raw``): its row count and the latest date or time in
    any of its date columns, compared as ISO text (the extraction's ``_loaded_at`` left out)."""
    tables = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw' "
        "AND database_name = current_database() ORDER BY table_name"
    ).fetchall()
    found: dict[str, dict[str, Any]] = {}
    for (table,) in tables:
        dated = [
            _q(name)
            for name, data_type in _columns(con, "raw", table)
            if not name.startswith("_") and (data_type.startswith(_DATES) or _date_named(name))
        ]
        maxima = ", ".join(f"max({c})::VARCHAR" for c in dated)
        latest = f"greatest({maxima})" if dated else "NULL"
        rows, mark = con.execute(f"SELECT count(*), {latest} FROM raw.{_q(table)}").fetchone()
        found[table] = {"rows": rows, "watermark": None if mark is None else str(mark)}
    return found


def dbt_invocation(target: Path) -> dict[str, Any]:
    """The dbt run that built the marts, from its ``run_results.json`` (empty if absent)."""
    path = target / "run_results.json"
    if not path.exists():
        return {}
    results = json.loads(path.read_text())
    meta = results.get("metadata", {})
    return {
        "invocation_id": meta.get("invocation_id"),
        "dbt_version": meta.get("dbt_version"),
        "generated_at": meta.get("generated_at"),
        "elapsed_seconds": round(float(results.get("elapsed_time") or 0), 1),
        "nodes": len(results.get("results", [])),
    }


def as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def write(con: duckdb.DuckDBPyConnection, values: Mapping[str, object]) -> None:
    """Replace ``meta_snapshot`` with one row of ``values`` (keys: META_COLUMNS' names)."""
    unknown = set(values) - {name for name, _ in META_COLUMNS}
    if unknown:
        raise KeyError(f"not meta_snapshot columns: {sorted(unknown)}")
    con.execute("DROP TABLE IF EXISTS meta_snapshot")
    con.execute(META_DDL)
    names = [name for name, _ in META_COLUMNS]
    con.execute(
        f"INSERT INTO meta_snapshot VALUES ({', '.join('?' for _ in names)})",
        [values.get(name) for name in names],
    )


def verify(snapshot: Path) -> tuple[bool, str | None, str]:
    """(matches, recorded hash, recomputed hash) of a published snapshot."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        recorded = con.execute("SELECT content_sha256 FROM meta_snapshot").fetchone()
        computed = content_sha256(con)
    stamp = recorded[0] if recorded else None
    return stamp == computed, stamp, computed

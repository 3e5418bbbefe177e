"""What changed in the sources since the last extraction (change detection).

Two levels, both exact — neither trusts a source's ``updated_at`` to be maintained (a
record corrected in place by the source system's own tools keeps its old stamp):

1. **File signature** (SQLite sources): the file's size, modification time and the change
   counter SQLite keeps in its header (bytes 24–27, bumped by every committed write), plus
   the same of a ``-wal`` file beside it. A table whose file signature is the one recorded at
   its last extraction is not read again.
2. **Content digest** (every table read): the row count and the order-independent sum of
   DuckDB's row hashes over the Arrow batch, with the column names and types. A table read
   again whose digest equals the recorded one is not rewritten.

The record is ``kpi_state.extract_state``, written in the same transaction as the raw table, so
a build killed mid-way leaves table and record consistent. Sources other than SQLite files
(PostgreSQL) have no file signature and are read every time; their unchanged tables are
still not rewritten.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from kpi_warehouse.extract.readers import sqlite_path

STATE_SCHEMA = "kpi_state"  # the build's own bookkeeping, beside raw (never published data)
STATE_TABLE = f"{STATE_SCHEMA}.extract_state"
STATE_DDL = (
    f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (raw_name VARCHAR PRIMARY KEY, "
    "file_signature VARCHAR, content_digest VARCHAR NOT NULL, row_count BIGINT NOT NULL, "
    "extracted_at TIMESTAMP NOT NULL)"
)


@dataclass(frozen=True)
class TableState:
    file_signature: str | None
    content_digest: str
    row_count: int


def _file_part(path: Path) -> str:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "-"
    with open(path, "rb") as fh:
        header = fh.read(28)
    counter = header[24:28].hex() if len(header) >= 28 else ""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{counter}"


def file_signature(url: str) -> str | None:
    """The SQLite file's signature (see the module docstring); None for other sources or a
    missing file (which is then read, and reported missing by the reader)."""
    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None
    wal = path.with_name(path.name + "-wal")
    return f"{_file_part(path)}|{_file_part(wal)}"


def content_digest(con: duckdb.DuckDBPyConnection, rows: pa.Table) -> str:
    """Row count, column names and types, and the sum of row hashes, as one SHA-256."""
    con.register("_digest_rows", rows)
    try:
        count, total = con.execute(
            "SELECT count(*), coalesce(sum(hash(r)), 0)::VARCHAR FROM _digest_rows r"
        ).fetchone()
    finally:
        con.unregister("_digest_rows")
    schema = ",".join(f"{f.name}:{f.type}" for f in rows.schema)
    return hashlib.sha256(f"{schema}|{count}|{total}".encode()).hexdigest()


def recorded(con: duckdb.DuckDBPyConnection) -> dict[str, TableState]:
    """The state of every raw table at its last extraction (empty before the first).

    A read only: the state table is created where it is written (``extract.load``)."""
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() "
        "WHERE schema_name IN ('raw', ?) AND database_name = current_database()",
        [STATE_SCHEMA],
    ).fetchall()
    present = {table for schema, table in tables if schema == "raw"}
    if (STATE_SCHEMA, STATE_TABLE.split(".")[-1]) not in tables:
        return {}
    rows = con.execute(
        f"SELECT raw_name, file_signature, content_digest, row_count FROM {STATE_TABLE}"
    ).fetchall()
    # A record whose table has gone (dropped by hand) does not count.
    return {r[0]: TableState(r[1], r[2], int(r[3])) for r in rows if r[0] in present}


def inputs_digest(con: duckdb.DuckDBPyConnection) -> str:
    """One SHA-256 over every raw table's content digest (sorted by name)."""
    rows = con.execute(
        f"SELECT raw_name, content_digest FROM {STATE_TABLE} ORDER BY raw_name"
    ).fetchall()
    return hashlib.sha256("\n".join(f"{n}={d}" for n, d in rows).encode()).hexdigest()

"""Write extracted tables into the warehouse's ``raw`` schema, idempotently."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pyarrow as pa

from kpi_warehouse.extract.changes import STATE_DDL, STATE_SCHEMA, STATE_TABLE, TableState


def replace_raw_table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    rows: pa.Table,
    loaded_at: datetime,
    state: TableState | None = None,
) -> int:
    """Replace ``raw.<name>`` with ``rows`` plus a ``_loaded_at`` column, in one transaction,
    with its extraction ``state`` (``kpi_state.extract_state``) when given.

    A full refresh per table: running it twice gives the same table. Returns the row count.
    """
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(STATE_DDL)
    con.register("_incoming", rows)
    try:
        con.execute("BEGIN")
        con.execute(
            f'CREATE OR REPLACE TABLE raw."{name}" AS '
            "SELECT *, ?::TIMESTAMP AS _loaded_at FROM _incoming",
            [loaded_at],
        )
        if state is not None:
            record_state(con, name, state, loaded_at)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_incoming")
    return int(con.execute(f'SELECT count(*) FROM raw."{name}"').fetchone()[0])


def record_state(
    con: duckdb.DuckDBPyConnection, name: str, state: TableState, at: datetime
) -> None:
    """Record ``name``'s extraction state (its table is as ``state`` describes)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(STATE_DDL)
    con.execute(
        f"INSERT OR REPLACE INTO {STATE_TABLE} VALUES (?, ?, ?, ?, ?)",
        [name, state.file_signature, state.content_digest, state.row_count, at],
    )

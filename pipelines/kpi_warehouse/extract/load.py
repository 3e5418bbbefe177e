"""Write extracted tables into the warehouse's ``raw`` schema, idempotently."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pyarrow as pa


def replace_raw_table(
    con: duckdb.DuckDBPyConnection, name: str, rows: pa.Table, loaded_at: datetime
) -> int:
    """Replace ``raw.<name>`` with ``rows`` plus a ``_loaded_at`` column, in one transaction.

    A full refresh per table: running it twice gives the same table. Returns the row count.
    """
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.register("_incoming", rows)
    try:
        con.execute("BEGIN")
        con.execute(
            f'CREATE OR REPLACE TABLE raw."{name}" AS '
            "SELECT *, ?::TIMESTAMP AS _loaded_at FROM _incoming",
            [loaded_at],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_incoming")
    return int(con.execute(f'SELECT count(*) FROM raw."{name}"').fetchone()[0])

"""Read one source table into Arrow, with the fastest driver each backend has.

- SQLite and PostgreSQL: ADBC (``adbc-driver-sqlite``, ``adbc-driver-postgresql``), which
  hands back Arrow record batches without a Python object per value — the DuckDB scanner
  extensions that would read them directly cannot be downloaded here. The SQLite driver
  infers a column's type from the values of its first batch, so the whole table is read as
  one batch: a column NULL in its first thousand rows is still typed by its later values.
- Any other SQLAlchemy URL: the backend's DB-API driver through SQLAlchemy, rows to Arrow.

The choice is by backend, stated here once; a driver error is an error, never a silent
switch to another reader.

Several statements on one source (a table and its row count) run in one read transaction, so
they see one state of the source even while people write to it (the product's own store is
written all day: audit rows, entries, ratings). A SQLite reader waits up to
``SQLITE_BUSY_MS`` for a writer's short transaction instead of failing at once with
"database is locked" (the store's writers wait as long for readers: store.db).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import sqlalchemy as sa

if TYPE_CHECKING:
    from adbc_driver_manager.dbapi import Cursor

# One Arrow batch for a whole SQLite table (see the module docstring).
_SQLITE_ONE_BATCH = {"adbc.sqlite.query.batch_rows": str(10**9)}
# As long as the store's writers wait for a reader (store.db.SQLITE_BUSY_SECONDS).
SQLITE_BUSY_MS = 30_000


class SourceFileMissing(RuntimeError):
    """A SQLite source file does not exist (it is never created empty)."""


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL (None for other backends or in-memory databases)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    database = str(parsed.database)
    return Path(database.removeprefix("file:").split("?", 1)[0])


def _sqlite_uri(url: str) -> str:
    path = sqlite_path(url)
    assert path is not None
    if not path.is_file():
        raise SourceFileMissing(str(path))
    # Read-only URI: a missing file is never created empty, and nothing is written.
    return f"file:{path.resolve()}?mode=ro"


def _postgres_uri(url: str) -> str:
    """libpq's URI for a SQLAlchemy PostgreSQL URL (the driver suffix dropped)."""
    parsed = sa.make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def _read_adbc_sqlite(url: str, sqls: tuple[str, ...]) -> list[pa.Table]:
    import adbc_driver_sqlite.dbapi as adbc_sqlite

    # autocommit off: the statements share one deferred transaction, i.e. one shared lock.
    with adbc_sqlite.connect(_sqlite_uri(url), autocommit=False) as con, con.cursor() as cur:
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cur.adbc_statement.set_options(**_SQLITE_ONE_BATCH)
        return [_fetch(cur, sql) for sql in sqls]


def _read_adbc_postgres(url: str, sqls: tuple[str, ...]) -> list[pa.Table]:
    import adbc_driver_postgresql.dbapi as adbc_pg

    with adbc_pg.connect(_postgres_uri(url), autocommit=False) as con, con.cursor() as cur:
        # One snapshot for all statements (read committed would take one per statement).
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return [_fetch(cur, sql) for sql in sqls]


def _fetch(cur: Cursor, sql: str) -> pa.Table:
    cur.execute(sql)
    return cur.fetch_arrow_table()


def _read_dbapi(url: str, sqls: tuple[str, ...]) -> list[pa.Table]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        # One connection and transaction; its isolation is the backend's default.
        with engine.connect() as con:
            return [_rows_to_arrow(con.exec_driver_sql(sql)) for sql in sqls]
    finally:
        engine.dispose()


def _rows_to_arrow(result: sa.CursorResult) -> pa.Table:
    columns = list(result.keys())
    rows = result.fetchall()
    if not rows:
        return pa.table({c: pa.array([], pa.string()) for c in columns})
    return pa.Table.from_pylist([dict(zip(columns, r, strict=True)) for r in rows])


def reader_name(url: str) -> str:
    """Which reader serves ``url`` (for progress lines and the bench)."""
    backend = sa.make_url(url).get_backend_name()
    return {"sqlite": "ADBC SQLite", "postgresql": "ADBC PostgreSQL"}.get(backend, "DB-API")


def read_queries(url: str, *sqls: str) -> list[pa.Table]:
    """The results of ``sqls`` on the source at ``url``, read in one transaction."""
    backend = sa.make_url(url).get_backend_name()
    if backend == "sqlite":
        if sqlite_path(url) is None:
            return _read_dbapi(url, sqls)  # an in-memory database: only SQLAlchemy reaches it
        return _read_adbc_sqlite(url, sqls)
    if backend == "postgresql":
        return _read_adbc_postgres(url, sqls)
    return _read_dbapi(url, sqls)


def read_query(url: str, sql: str) -> pa.Table:
    """The result of ``sql`` on the source at ``url`` as one Arrow table."""
    return read_queries(url, sql)[0]

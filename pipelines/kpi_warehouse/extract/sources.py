"""Read source tables through SQLAlchemy (SQLite by default, PostgreSQL in production).

DuckDB's scanner extensions cannot be downloaded here, so rows travel through Python
drivers into Arrow and then into DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import sqlalchemy as sa

from kpi_warehouse.demo.schema import SYSTEMS


class SourceUnavailable(RuntimeError):
    """A system of record could not be read; the message says which and why."""


@dataclass(frozen=True)
class SourceTable:
    system: str  # case / office / app
    table: str

    @property
    def raw_name(self) -> str:
        """Table name in the warehouse's raw schema, e.g. ``case__cases``."""
        return f"{self.system}__{self.table}"


def source_tables() -> list[SourceTable]:
    return [SourceTable(system, table) for system, ddl in SYSTEMS.items() for table in ddl]


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def read_table(url: str, table: str) -> pa.Table:
    """All rows of one source table as Arrow (all columns as the source types them)."""
    try:
        # The plain DB-API cursor: SQLAlchemy's Row objects cost more than the read itself.
        raw = _engine(url).raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        finally:
            raw.close()
    except Exception as exc:  # any driver or connection error: the source cannot be read
        raise SourceUnavailable(
            f"无法读取数据源 {_safe(url)} 的表 {table}：{exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]} / cannot read table {table} from {_safe(url)}"
        ) from exc
    return (
        pa.Table.from_pylist([dict(zip(columns, r, strict=True)) for r in rows])
        if rows
        else (pa.table({c: pa.array([], pa.string()) for c in columns}))
    )


def count_rows(url: str, table: str) -> int:
    with _engine(url).connect() as conn:
        return int(conn.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(invalid URL)"

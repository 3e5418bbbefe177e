"""Read source tables through SQLAlchemy (SQLite by default, PostgreSQL in production).

Which tables to read, and which columns each must have, is what the dbt project declares:
every dbt source in the ``raw`` schema (``dbt_project/models/staging/*/_*__sources.yml``).
DuckDB's scanner extensions cannot be downloaded here, so rows travel through Python
drivers into Arrow and then into DuckDB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import sqlalchemy as sa

RAW_SCHEMA = "raw"  # the schema extraction fills; dbt sources in it are extracted


class SourceUnavailable(RuntimeError):
    """A system of record could not be read; the message says which and why."""


class SourceFileMissing(SourceUnavailable):
    """A SQLite source file does not exist (it is never created empty)."""


@dataclass(frozen=True)
class SourceTable:
    system: str  # the dbt source name: case / office / app
    table: str  # the table's name in the system of record
    raw_name: str  # its name in the warehouse's raw schema, e.g. ``case__cases``
    columns: tuple[str, ...] = ()  # the columns the dbt source declares (must exist)


def source_tables(manifest: Mapping[str, Any]) -> list[SourceTable]:
    """The tables to extract: every dbt source in the raw schema, in a stable order."""
    tables = [
        SourceTable(
            system=node["source_name"],
            table=node["name"],
            raw_name=node.get("identifier") or node["name"],
            columns=tuple(node.get("columns") or ()),
        )
        for node in manifest["sources"].values()
        if node.get("schema") == RAW_SCHEMA
    ]
    return sorted(tables, key=lambda t: (t.system, t.table))


def _engine(url: str) -> sa.Engine:
    """An engine for ``url``; a SQLite file must exist and is opened read-only."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        database = parsed.database
        if not database.startswith("file:"):
            path = Path(database)
            if not path.is_file():
                raise SourceFileMissing(str(path))
            database = f"file:{path.resolve()}"
        # A URI connection opened read-only: a missing file is never created empty.
        parsed = parsed.set(database=database).update_query_dict({"mode": "ro", "uri": "true"})
    return sa.create_engine(parsed, poolclass=sa.pool.NullPool)


def _failure(url: str, table: str, exc: Exception) -> SourceUnavailable:
    if isinstance(exc, SourceFileMissing):
        zh, en = "文件不存在", "the file does not exist"
    else:
        zh = en = f"{exc.__class__.__name__}: {(str(exc).splitlines() or [''])[0]}"
    return SourceUnavailable(
        f"无法读取数据源 {safe_url(url)} 的表 {table}：{zh} / "
        f"cannot read table {table} from {safe_url(url)}: {en}"
    )


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
        raise _failure(url, table, exc) from exc
    return (
        pa.Table.from_pylist([dict(zip(columns, r, strict=True)) for r in rows])
        if rows
        else (pa.table({c: pa.array([], pa.string()) for c in columns}))
    )


def missing_columns(table: SourceTable, rows: pa.Table) -> list[str]:
    """Columns the dbt source declares that the extracted table lacks (case-insensitive)."""
    present = {c.lower() for c in rows.column_names}
    return [c for c in table.columns if c.lower() not in present]


def count_rows(url: str, table: str) -> int:
    try:
        with _engine(url).connect() as conn:
            return int(conn.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one())
    except Exception as exc:
        raise _failure(url, table, exc) from exc


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(invalid URL)"

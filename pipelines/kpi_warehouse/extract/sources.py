"""Which source tables to extract, and reading them (SQLite by default, PostgreSQL in production).

Which tables to read, and which columns each must have, is what the dbt project declares:
every dbt source in the ``raw`` schema (``dbt_project/models/staging/*/_*__sources.yml``).
DuckDB's scanner extensions cannot be downloaded here, so rows travel through ADBC drivers
(:mod:`kpi_warehouse.extract.readers`) into Arrow and then into DuckDB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import sqlalchemy as sa

from kpi_warehouse.extract.readers import SourceFileMissing, read_queries

RAW_SCHEMA = "raw"  # the schema extraction fills; dbt sources in it are extracted


class SourceUnavailable(RuntimeError):
    """A system of record could not be read; the message says which and why."""


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


def _failure(url: str, table: str, exc: Exception) -> SourceUnavailable:
    if isinstance(exc, SourceFileMissing):
        zh, en = "文件不存在", "the file does not exist"
    else:
        first = (str(exc).splitlines() or [""])[0]
        zh = en = f"{exc.__class__.__name__}: {first}"
    return SourceUnavailable(
        f"无法读取数据源 {safe_url(url)} 的表 {table}：{zh} / "
        f"cannot read table {table} from {safe_url(url)}: {en}"
    )


def read_table_counted(url: str, table: str) -> tuple[pa.Table, int]:
    """All rows of one source table and the source's own count of them, from one state of
    the source (one read transaction), so a write between the two is never a mismatch."""
    try:
        rows, count = read_queries(
            url, f'SELECT * FROM "{table}"', f'SELECT count(*) AS n FROM "{table}"'
        )
    except Exception as exc:
        raise _failure(url, table, exc) from exc
    return rows, int(count.column(0)[0].as_py())


def missing_columns(table: SourceTable, rows: pa.Table) -> list[str]:
    """Columns the dbt source declares that the extracted table lacks (case-insensitive)."""
    present = {c.lower() for c in rows.column_names}
    return [c for c in table.columns if c.lower() not in present]


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(invalid URL)"

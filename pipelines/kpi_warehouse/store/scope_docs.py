"""The documented schema as one account sees it: ``meta_tables`` and ``meta_columns``.

The publish step copies each table's and column's description from the dbt manifest into
the snapshot (``kpi_warehouse.schema_docs``; the text lives once, in the dbt YAML). Here
the scope layer turns them into two views that list exactly the relations the account may
query — the scoped marts, with the columns and types it sees — so the SQL console's schema
browser and an analyst's ``SELECT * FROM meta_columns`` show the same thing. The views the
scope layer derives itself (not dbt models: ``fct_rating_summary``, ``dim_spec``, these two)
are described here, in ``SCOPE_DOCS``. Also: where the generated dbt documentation lives
(beside the snapshot).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # scope imports scope_views, which imports this module
    from kpi_warehouse.store.scope import Limits, Scope

DOC_VIEWS = ("meta_tables", "meta_columns")
DOCS_FILE = "dbt_docs.html"  # the static dbt docs site, one self-contained file

# Relations the scope layer makes that the manifest does not describe: (description, columns).
SCOPE_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "fct_rating_summary": (
        "Ratings as the access layer publishes them: one row per appraisee, period and rater "
        "level, only where at least 3 raters scored; no rater is ever named.",
        {
            "period_id": "The rated period (see dim_period)",
            "appraisee_id": "The person rated (see dim_person)",
            "rater_level": "The raters' level (leader / colleague …)",
            "raters": "How many raters scored (at least 3)",
            "mean_score": "The raters' mean score, rounded to 2 decimals",
        },
    ),
    "dim_spec": (
        "The spec versions (考核细则) behind the results you may see, each with its validated "
        "spec as JSON: the grade bands, quotas and payouts the pages explain.",
        {
            "spec_id": "The spec",
            "spec_version": "Its version",
            "spec_title": "Its title",
            "effective_from": "First day the version is in force",
            "effective_to": "Last day the version is in force (NULL = open-ended)",
            "spec_json": "The validated spec as JSON",
        },
    ),
    "meta_tables": (
        "Every table you can query, with its description from the dbt documentation.",
        {
            "table_name": "The table (or view) name",
            "layer": "marts, intermediate, seeds (dbt's folders), meta (the snapshot's own "
            "tables) or scope (views the access layer derives)",
            "description": "What the table holds, from its dbt YAML",
        },
    ),
    "meta_columns": (
        "Every column of every table you can query, with its type and its description from "
        "the dbt documentation.",
        {
            "table_name": "The table (or view) name",
            "column_index": "The column's position (1 = first)",
            "column_name": "The column name",
            "data_type": "The column's type as published",
            "description": "What the column holds, from its dbt YAML",
        },
    ),
}

# The relations a scoped connection offers: its temporary views and tables (a view per mart,
# or a table holding the account's rows: scope_views.MATERIALIZED), not the grants.
RELATIONS_SQL = (
    "SELECT view_name AS table_name FROM duckdb_views() "
    "WHERE temporary AND NOT internal AND NOT starts_with(view_name, '__scope') "
    "UNION ALL SELECT table_name FROM duckdb_tables() "
    "WHERE temporary AND NOT starts_with(table_name, '__scope')"
)


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _values(rows: list[tuple[str, ...]], names: str) -> str:
    body = ", ".join("(" + ", ".join(_lit(v) for v in row) + ")" for row in rows)
    return f"(VALUES {body}) AS {names}"


def view_sql(name: str, s: str, columns: Mapping[str, tuple[str, ...]]) -> str:
    """The SELECT of the scoped ``meta_tables`` / ``meta_columns`` over snapshot schema ``s``
    (the snapshot's own tables joined when it has them)."""
    if name == "meta_tables":
        own = _values(
            [(table, "scope", text) for table, (text, _) in SCOPE_DOCS.items()],
            "v(table_name, layer, description)",
        )
        published = "meta_tables" in columns
        join = f"LEFT JOIN {s}.meta_tables d ON d.table_name = r.table_name " if published else ""
        layer = "coalesce(v.layer, d.layer)" if published else "v.layer"
        text = "coalesce(v.description, d.description)" if published else "v.description"
        return (
            f"SELECT r.table_name, {layer} AS layer, {text} AS description "
            f"FROM ({RELATIONS_SQL}) r {join}"
            f"LEFT JOIN {own} ON v.table_name = r.table_name ORDER BY r.table_name"
        )
    if name == "meta_columns":
        own = _values(
            [(t, c, d) for t, (_, cols) in SCOPE_DOCS.items() for c, d in cols.items()],
            "v(table_name, column_name, description)",
        )
        published = "meta_columns" in columns
        join = (
            f"LEFT JOIN {s}.meta_columns d "
            "ON d.table_name = c.table_name AND d.column_name = c.column_name "
            if published
            else ""
        )
        text = "coalesce(v.description, d.description)" if published else "v.description"
        return (
            "SELECT c.table_name, CAST(c.column_index AS INTEGER) AS column_index, "
            f"c.column_name, lower(c.data_type) AS data_type, {text} AS description "
            f"FROM duckdb_columns() c {join}"
            f"LEFT JOIN {own} ON v.table_name = c.table_name AND v.column_name = c.column_name "
            f"WHERE c.database_name = 'temp' AND c.table_name IN ({RELATIONS_SQL}) "
            "ORDER BY c.table_name, c.column_index"
        )
    raise KeyError(name)


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    data_type: str
    description: str


@dataclass(frozen=True)
class RelationDoc:
    name: str
    layer: str
    description: str
    columns: tuple[ColumnDoc, ...]


def documented_schema(
    scope: Scope, snapshot: str | Path, limits: Limits | None = None
) -> list[RelationDoc]:
    """Each relation the account may query, with its description and its columns' types
    and descriptions, by name."""
    from kpi_warehouse.store.scope import PAGE_LIMITS, scoped_connection

    with scoped_connection(scope, snapshot, limits or PAGE_LIMITS) as con:
        tables = con.execute("SELECT table_name, layer, description FROM meta_tables").fetchall()
        rows = con.execute(
            "SELECT table_name, column_name, data_type, description FROM meta_columns"
        ).fetchall()
    columns: dict[str, list[ColumnDoc]] = {}
    for table, column, data_type, text in rows:
        columns.setdefault(table, []).append(ColumnDoc(column, data_type, text or ""))
    return [
        RelationDoc(table, layer or "", text or "", tuple(columns.get(table, ())))
        for table, layer, text in sorted(tables)
    ]


def docs_file(snapshot: str | Path) -> Path:
    """The generated dbt documentation (static site in one file) beside ``snapshot``."""
    return Path(snapshot).with_name(DOCS_FILE)

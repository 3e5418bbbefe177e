"""``meta_tables`` and ``meta_columns``: the published snapshot describes its own tables.

The descriptions have one home, the dbt YAML beside each model (``dbt_project/models/``);
dbt carries them into its manifest, and the publish step copies them from the manifest of
the run that built the snapshot into these two tables, for every table of the snapshot's
``main`` schema. The tables the publish step writes itself (``meta_*``) are described here
(``meta_tables`` and ``meta_columns`` in ``scope_docs``, beside their scoped views).
Readers see them through the scope layer (``kpi_warehouse.store.scope_docs``): the SQL
console's schema browser, and an analyst's ``SELECT * FROM meta_columns``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from kpi_warehouse import closed_periods, rescored_periods, snapshot_meta
from kpi_warehouse.config import settings
from kpi_warehouse.store.scope_docs import SCOPE_DOCS

MANIFEST = "manifest.json"

TABLES_DDL = "CREATE TABLE meta_tables (table_name VARCHAR, layer VARCHAR, description VARCHAR)"
COLUMNS_DDL = (
    "CREATE TABLE meta_columns (table_name VARCHAR, column_index INTEGER, column_name VARCHAR, "
    "data_type VARCHAR, description VARCHAR)"
)

# The publish step's own tables (not dbt models): table description, column descriptions.
OWN_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "meta_snapshot": (
        snapshot_meta.META_DESCRIPTION,
        {name: text for name, _, text in snapshot_meta.META_COLUMN_DOCS},
    ),
    closed_periods.META_TABLE: (
        closed_periods.META_DESCRIPTION,
        {name: text for name, _, text in closed_periods.META_COLUMNS},
    ),
    rescored_periods.TABLE: (
        rescored_periods.DESCRIPTION,
        {name: text for name, _, text in rescored_periods.COLUMNS},
    ),
    **{name: SCOPE_DOCS[name] for name in ("meta_tables", "meta_columns")},
}


def find_manifest(dbt_target: Path | None) -> Path | None:
    """The manifest of the dbt run that built the snapshot (``dbt_target``), else the
    prepared project's (``dbt_project/target``); None when neither exists."""
    candidates = [dbt_target / MANIFEST] if dbt_target else []
    candidates.append(settings().dbt_project_dir / "target" / MANIFEST)
    return next((path for path in candidates if path.is_file()), None)


def manifest_docs(manifest: Path | None) -> dict[str, tuple[str, str, dict[str, str]]]:
    """table name → (layer, description, column descriptions) of the manifest's models and
    seeds built in the ``main`` schema."""
    if manifest is None:
        return {}
    nodes: dict[str, dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))["nodes"]
    docs: dict[str, tuple[str, str, dict[str, str]]] = {}
    for node in nodes.values():
        if node.get("resource_type") not in ("model", "seed") or node.get("schema") != "main":
            continue
        fqn = node.get("fqn") or []
        layer = "seeds" if node["resource_type"] == "seed" else (fqn[1] if len(fqn) > 2 else "")
        columns = {
            name: str(column.get("description") or "").strip()
            for name, column in (node.get("columns") or {}).items()
        }
        name = node.get("alias") or node["name"]
        docs[name] = (layer, str(node.get("description") or "").strip(), columns)
    return docs


def write(con: duckdb.DuckDBPyConnection, manifest: Path | None) -> None:
    """Replace ``meta_tables`` and ``meta_columns`` of the snapshot open on ``con``."""
    con.execute("DROP TABLE IF EXISTS meta_tables")
    con.execute("DROP TABLE IF EXISTS meta_columns")
    con.execute(TABLES_DDL)
    con.execute(COLUMNS_DDL)
    docs = manifest_docs(manifest)
    docs.update({name: ("meta", text, cols) for name, (text, cols) in OWN_TABLES.items()})
    columns = con.execute(
        "SELECT table_name, column_index, column_name, lower(data_type) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' "
        "ORDER BY table_name, column_index"
    ).fetchall()
    none: tuple[str, str, dict[str, str]] = ("", "", {})
    tables = sorted({row[0] for row in columns})
    con.executemany(
        "INSERT INTO meta_tables VALUES (?, ?, ?)",
        [(t, docs.get(t, none)[0] or None, docs.get(t, none)[1] or None) for t in tables],
    )
    con.executemany(
        "INSERT INTO meta_columns VALUES (?, ?, ?, ?, ?)",
        [
            (table, index, name, data_type, docs.get(table, none)[2].get(name) or None)
            for table, index, name, data_type in columns
        ],
    )

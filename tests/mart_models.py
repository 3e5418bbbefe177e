"""Marts derived from other marts, filled in hand-made snapshots by their own dbt SQL.

A mart such as ``fct_evidence_record`` (fct_evidence joined to fct_activity) holds nothing a
test should choose by hand: the fixtures fill it by running the model's own SQL over the
hand-filled marts it reads, so the derivation is written once, in the dbt model.
"""

from __future__ import annotations

import re

import duckdb

from tests.mart_contracts import MARTS_DIR, mart_contracts

_REF = re.compile(r"\{\{\s*ref\('([a-z0-9_]+)'\)\s*\}\}")
# The part an incremental run adds (a full build, as here, renders without it).
_INCREMENTAL = re.compile(r"\{%-?\s*if is_incremental\(\)\s*-?%\}.*?\{%-?\s*endif\s*-?%\}", re.S)


def model_sql(name: str) -> str:
    """The model's SQL as a full build renders it: each ``{{ ref('x') }}`` read as the table
    ``x``, an incremental run's part left out."""
    sql = (MARTS_DIR / f"{name}.sql").read_text(encoding="utf-8")
    rendered = _REF.sub(lambda m: m.group(1), _INCREMENTAL.sub("", sql))
    if "{{" in rendered or "{%" in rendered:
        raise ValueError(f"{name}.sql uses Jinja beyond ref(): render it with dbt")
    return rendered


def fill_derived(con: duckdb.DuckDBPyConnection, name: str, create: bool = False) -> None:
    """Fill mart ``name`` from its model's SQL (creating it from its contract if asked)."""
    if create:
        con.execute(mart_contracts()[name].create_table_sql())
    con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM (\n{model_sql(name)}\n)")

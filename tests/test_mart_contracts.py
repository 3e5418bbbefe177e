"""The published schema is declared once, in the marts' dbt contracts; these tests hold the
other copies to it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kpi_warehouse.publish import REQUIRED_MARTS
from kpi_warehouse.scoring import engine
from tests.mart_contracts import MARTS_DIR, mart_contracts, parse_column_list

CONTRACTS = mart_contracts()


def test_every_mart_has_its_own_enforced_contract() -> None:
    models = sorted(p.stem for p in MARTS_DIR.glob("*.sql"))
    python_models = sorted(p.name for p in MARTS_DIR.glob("*.py"))
    assert python_models == [], "dbt cannot enforce a contract on a Python model"
    assert set(REQUIRED_MARTS) <= set(models)
    for name in models:
        contract = CONTRACTS.get(name)
        assert contract is not None, f"{name}.sql has no {name}.yml beside it"
        assert contract.path == MARTS_DIR / f"{name}.yml"
        assert contract.enforced, name
        assert contract.columns, name
        for column in contract.columns:
            assert column.data_type, f"{name}.{column.name} has no data_type"
            assert column.description, f"{name}.{column.name} has no description"


@pytest.mark.parametrize(
    ("mart", "columns"),
    [
        ("fct_indicator_score", engine.SCORE_COLUMNS),
        ("fct_evidence", engine.EVIDENCE_COLUMNS),
        ("fct_appraisal", engine.APPRAISAL_COLUMNS),
    ],
)
def test_engine_column_lists_equal_the_contracts(mart: str, columns: str) -> None:
    assert parse_column_list(columns) == CONTRACTS[mart].column_types


def test_published_snapshot_has_the_contracted_schema(demo_snapshot: Path) -> None:
    """dbt enforces the contracts at build time; the published copy keeps them."""
    with duckdb.connect(str(demo_snapshot), read_only=True) as con:
        for name, contract in CONTRACTS.items():
            published = con.execute(
                "SELECT column_name, lower(data_type) FROM duckdb_columns()"
                " WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
                [name],
            ).fetchall()
            assert published == contract.column_types, name

"""The published schema, read from the marts' dbt model contracts.

Each mart in ``dbt_project/models/marts`` has a YAML file beside it declaring every column
with its type, enforced by dbt as a model contract. The tests take the published schema
from there: the dashboard fixture creates its tables from it, and test_mart_contracts
checks the scoring engine's column lists against it. Only PyYAML is needed, no dbt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
MARTS_DIR = REPO_ROOT / "dbt_project" / "models" / "marts"


@dataclass(frozen=True)
class ContractColumn:
    name: str
    data_type: str
    description: str


@dataclass(frozen=True)
class MartContract:
    name: str
    path: Path
    enforced: bool
    columns: tuple[ContractColumn, ...]

    @property
    def column_types(self) -> list[tuple[str, str]]:
        return [(c.name, c.data_type) for c in self.columns]

    def create_table_sql(self) -> str:
        cols = ", ".join(f"{c.name} {c.data_type.upper()}" for c in self.columns)
        return f"CREATE TABLE {self.name} ({cols})"


def mart_contracts(marts_dir: Path = MARTS_DIR) -> dict[str, MartContract]:
    """Every model declared in the marts' YAML files, by name, in file order."""
    contracts: dict[str, MartContract] = {}
    for path in sorted(marts_dir.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in doc.get("models", []):
            config = model.get("config") or {}
            columns = tuple(
                ContractColumn(
                    name=c["name"],
                    data_type=str(c.get("data_type", "")).lower(),
                    description=str(c.get("description", "")).strip(),
                )
                for c in model.get("columns", [])
            )
            contracts[model["name"]] = MartContract(
                name=model["name"],
                path=path,
                enforced=bool((config.get("contract") or {}).get("enforced")),
                columns=columns,
            )
    return contracts


def parse_column_list(columns: str) -> list[tuple[str, str]]:
    """``"a VARCHAR, b DOUBLE"`` (the scoring engine's form) → ``[("a", "varchar"), ...]``."""
    pairs = [part.split() for part in columns.split(",")]
    return [(name, data_type.lower()) for name, data_type in pairs]

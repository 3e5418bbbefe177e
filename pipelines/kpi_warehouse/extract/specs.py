"""The specs are an input of the build: loaded and validated once, into ``specs.spec_versions``.

The dbt Python models read the specs back from that table (:func:`scored_specs`) and
publishing stamps ``meta_snapshot`` from it (:func:`spec_stamp`), so every step of a build
scores and reports exactly the versions that were validated at its start.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from kpi_warehouse.specs.loader import load_spec_files
from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.repository import current_spec_files

SCHEMA = "specs"
TABLE = f"{SCHEMA}.spec_versions"


@dataclass(frozen=True)
class SpecVersion:
    file: str  # relative to the specs folder
    sha256: str  # of the file's bytes
    spec: Spec


def load_spec_versions(root: Path) -> list[SpecVersion]:
    """Every spec version under ``root``, validated; raises ``SpecError`` listing each problem."""
    return [
        SpecVersion(
            file=path.relative_to(root).as_posix(),
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            spec=spec,
        )
        for path, spec in load_spec_files(current_spec_files(root))
    ]


def write_spec_versions(con: duckdb.DuckDBPyConnection, versions: list[SpecVersion]) -> int:
    """Replace ``specs.spec_versions`` with ``versions`` in one transaction; returns the count."""
    rows = [
        (
            v.spec.spec_id,
            v.spec.version,
            v.spec.effective_from,
            v.spec.effective_to,
            v.spec.title,
            v.file,
            v.sha256,
            v.spec.model_dump_json(),
        )
        for v in versions
    ]
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    con.execute("BEGIN")
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE {TABLE} (spec_id VARCHAR NOT NULL, version VARCHAR NOT NULL,"
            " effective_from DATE NOT NULL, effective_to DATE, title VARCHAR, file VARCHAR,"
            " sha256 VARCHAR NOT NULL, spec_json VARCHAR NOT NULL,"
            " PRIMARY KEY (spec_id, effective_from))"
        )
        if rows:
            con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def scored_specs(relation: duckdb.DuckDBPyRelation) -> list[Spec]:
    """The specs of this build from the ``specs.spec_versions`` relation (in a dbt model:
    ``dbt.source("specs", "spec_versions")``), deserialized by the spec model."""
    rows = relation.order("spec_id, effective_from").project("spec_json").fetchall()
    return [Spec.model_validate_json(text) for (text,) in rows]


def spec_stamp(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """What was scored, for ``meta_snapshot``: ``spec_id@effective_from`` → version, hash, file."""
    rows = con.execute(
        f"SELECT spec_id, effective_from, version, sha256, file FROM {TABLE}"
        " ORDER BY spec_id, effective_from"
    ).fetchall()
    return {
        f"{spec_id}@{start.isoformat()}": {"version": version, "sha256": digest, "file": file}
        for spec_id, start, version, digest, file in rows
    }

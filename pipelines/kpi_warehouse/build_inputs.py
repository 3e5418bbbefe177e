"""The fingerprint of what a build reads, so that an unchanged build is not redone.

dbt's marts are a function of three inputs: the raw tables (their content digests, kept by
extraction in ``kpi_state.extract_state``), the spec versions (``specs.spec_versions``) and the
code (the dbt project's files and the pipeline package's Python, which the dbt Python
models import). :func:`dbt_input_parts` digests the three (``DbtInputs``; its fingerprint
hashes them together). The build file records what its marts were built from
(``kpi_state.dbt_inputs``, the fingerprint and its parts): it is removed before dbt runs and
written only after dbt succeeded, so a failed or killed run never leaves a record that would
let the next build skip dbt, or rebuild only what the specs feed (``spec_rebuild``). The
publish step adds what it reads itself (closed periods, re-opened periods, headcount drops
let through) and stamps the snapshot's
``meta_snapshot.inputs_sha256``; an identical publish is skipped.

``kpi build --full`` ignores both and rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from kpi_warehouse.extract.changes import STATE_SCHEMA, inputs_digest

PACKAGE = Path(__file__).resolve().parent
DBT_STATE = f"{STATE_SCHEMA}.dbt_inputs"
_DBT_FILES = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")
# Package code no build step runs: the demo generator and the benchmark.
_NOT_BUILD_CODE = ("demo/", "bench")


def _files(dbt_project: Path) -> Iterable[tuple[str, Path]]:
    """(name relative to its root, path) of every file the code digest covers."""
    for name in _DBT_FILES:
        path = dbt_project / name
        found = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        yield from (("dbt/" + str(p.relative_to(dbt_project)), p) for p in found if p.is_file())
    for path in sorted(PACKAGE.rglob("*.py")):
        name = str(path.relative_to(PACKAGE))
        if not name.startswith(_NOT_BUILD_CODE):
            yield "py/" + name, path


# The last digest this process computed, keyed by each file's name, size and mtime: a build
# asks three times (prepare, dbt, docs); the files are hashed again only when one changed
# (``dagster dev`` lives on while the code is edited).
_last_digest: dict[tuple[tuple[str, int, int], ...], str] = {}


def code_digest(dbt_project: Path) -> str:
    """SHA-256 over the dbt project's files and the package's Python, by relative path."""
    files = sorted(_files(dbt_project))
    stamp = tuple((name, st.st_size, st.st_mtime_ns) for name, st in
                  ((name, path.stat()) for name, path in files))  # fmt: skip
    if stamp in _last_digest:
        return _last_digest[stamp]
    digest = hashlib.sha256()
    for name, path in files:
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    _last_digest.clear()
    _last_digest[stamp] = digest.hexdigest()
    return _last_digest[stamp]


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ? "
            "AND database_name = current_database()",
            [schema, table],
        ).fetchone()[0]
    )


@dataclass(frozen=True)
class DbtInputs:
    """What dbt would read, in its three parts: the raw tables' content digests, the spec
    versions (JSON: each spec id's digest of its versions), the code. A build whose sources
    and code are those the marts were last built from, and whose specs are not, rebuilds
    only what the specs feed, and rescores only the specs that changed (``spec_rebuild``)."""

    sources: str
    specs: str
    code: str

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join((self.sources, self.specs, self.code)).encode()).hexdigest()

    def only_specs_differ(self, built: DbtInputs | None) -> bool:
        """The marts were built from these sources and this code, with other specs."""
        return (
            built is not None
            and (built.sources, built.code) == (self.sources, self.code)
            and built.specs != self.specs
        )

    def changed_specs(self, built: DbtInputs) -> list[str] | None:
        """The spec ids whose versions differ from those the marts were built from (edited,
        added or removed), or None if ``built`` recorded its specs otherwise."""
        try:
            now, then = json.loads(self.specs), json.loads(built.specs)
        except ValueError:
            return None
        if not isinstance(now, dict) or not isinstance(then, dict):
            return None
        return sorted(k for k in now.keys() | then.keys() if now.get(k) != then.get(k))


def dbt_input_parts(con: duckdb.DuckDBPyConnection, dbt_project: Path) -> DbtInputs | None:
    """The inputs dbt would read now (None before the first extraction)."""
    if not _table_exists(con, STATE_SCHEMA, "extract_state"):
        return None
    if not _table_exists(con, "specs", "spec_versions"):
        return None
    per_spec = con.execute(
        "SELECT spec_id, sum(hash(s))::VARCHAR || ':' || count(*) FROM specs.spec_versions s "
        "GROUP BY spec_id ORDER BY spec_id"
    ).fetchall()
    specs = json.dumps(dict(per_spec), sort_keys=True)
    return DbtInputs(inputs_digest(con), specs, code_digest(dbt_project))


def built_from(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint the build file's marts were last built from (None if unknown)."""
    if not _table_exists(con, STATE_SCHEMA, "dbt_inputs"):
        return None
    row = con.execute(f"SELECT fingerprint FROM {DBT_STATE}").fetchone()
    return None if row is None else row[0]


def built_from_parts(con: duckdb.DuckDBPyConnection) -> DbtInputs | None:
    """The inputs the build file's marts were last built from, in parts (None if unknown,
    or recorded by a version that kept only the fingerprint)."""
    if not _table_exists(con, STATE_SCHEMA, "dbt_inputs"):
        return None
    columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = 'dbt_inputs'",
            [STATE_SCHEMA],
        ).fetchall()
    }
    if not {"sources", "specs", "code"} <= columns:
        return None
    row = con.execute(f"SELECT fingerprint, sources, specs, code FROM {DBT_STATE}").fetchone()
    if row is None or None in row:
        return None
    parts = DbtInputs(row[1], row[2], row[3])
    return parts if parts.fingerprint == row[0] else None


def record_built_from(con: duckdb.DuckDBPyConnection, inputs: DbtInputs | None) -> None:
    """Record (or with None, forget) what the marts were built from."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(
        f"CREATE OR REPLACE TABLE {DBT_STATE} (fingerprint VARCHAR, built_at TIMESTAMP, "
        "sources VARCHAR, specs VARCHAR, code VARCHAR)"
    )
    if inputs is not None:
        now = datetime.now(UTC).replace(tzinfo=None)
        con.execute(
            f"INSERT INTO {DBT_STATE} VALUES (?, ?, ?, ?, ?)",
            [inputs.fingerprint, now, inputs.sources, inputs.specs, inputs.code],
        )


def publish_inputs(dbt_fingerprint: str | None, *parts: object) -> str | None:
    """The fingerprint of a publish: the marts' inputs and what publishing reads itself."""
    if dbt_fingerprint is None:
        return None
    text = "\n".join([dbt_fingerprint, *(repr(p) for p in parts)])
    return hashlib.sha256(text.encode()).hexdigest()


def published_inputs(snapshot: Path) -> str | None:
    """``meta_snapshot.inputs_sha256`` of the published snapshot (None if absent)."""
    if not snapshot.exists():
        return None
    try:
        with duckdb.connect(str(snapshot), read_only=True) as con:
            return con.execute("SELECT inputs_sha256 FROM meta_snapshot").fetchone()[0]
    except (duckdb.Error, TypeError):  # an older snapshot without the column
        return None

"""Rebuilding only what the specs feed, when nothing else changed (decision).

A liaison's spec edit changes one input of dbt: the source ``specs.spec_versions``. The
models downstream of it (the scoring, the evidence, the results and their marts) must be
rebuilt; every other model reads only the raw tables and the code. When the build file's
marts were last built — completely, and successfully — from the same raw tables and the same
code, and only the specs differ (``build_inputs.DbtInputs.only_specs_differ``), dbt builds
the models the specs feed and keeps the others as they are in the build file: their tables
are exactly what a full build would make again.

How dbt is told: dagster-dbt passes its own ``--select fqn:*`` and dbt unites two
``--select``s, so the plan is an ``--exclude`` of every other model and seed, with
``--indirect-selection buildable``: a test between a rebuilt model and a kept one (an
evidence link's record in ``fct_activity``) still runs, a test of kept models only does not
(its result stands from the build that made them). A test of a rebuilt model that would not
run that way makes the plan None, and the build a full one — no check is ever reported
passed without having run on the data it checks.

Within the rebuilt models, the large ones — the indicator scores and the evidence
(``int_indicator_scores``, ``int_evidence``, ``fct_evidence``, ``fct_evidence_record``) — are
incremental by spec: the build names the specs whose versions changed (edited, added or
removed; ``DbtInputs.changed_specs``) in :data:`RESCORE_TABLE` for the run, and those models
delete and recompute only these specs' rows (the strategy ``rescore_specs``,
``dbt_project/macros/rescore_specs.sql``), keeping every other spec's rows — computed from the
same raw tables and code, and so what a full build would compute again. The table exists
only while such a run's dbt runs: a full build runs dbt with ``--full-refresh`` and the
models are rebuilt whole; an incremental run of dbt without the table (a hand-run ``dbt
build``) fails naming it rather than keep rows it cannot vouch for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from kpi_warehouse.extract.changes import STATE_SCHEMA
from kpi_warehouse.specs.model import Spec

SPECS_SOURCE = ("specs", "spec_versions")
RESCORE_TABLE = f"{STATE_SCHEMA}.rescore_specs"  # also named by macros/rescore_specs.sql
_BUILT = ("model", "seed", "snapshot")


@dataclass(frozen=True)
class Plan:
    """The models and seeds to rebuild and to keep (by name), and the tests not run."""

    rebuilt: tuple[str, ...]
    kept: tuple[str, ...]
    kept_tests: frozenset[str]

    def dbt_args(self) -> list[str]:
        # One value, space-separated (dbt's own syntax): dagster-dbt takes the single
        # argument after --exclude and leaves any further ones where they were.
        return ["--indirect-selection", "buildable", "--exclude", " ".join(self.kept)]


def _closure(start: Iterable[str], edges: Mapping[str, list[str]]) -> set[str]:
    """Every node reachable from ``start`` along ``edges`` (``start`` itself not included)."""
    seen: set[str] = set()
    stack = list(start)
    while stack:
        for nxt in edges.get(stack.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def plan(manifest: Mapping[str, Any]) -> Plan | None:
    """The spec-only rebuild of the project in ``manifest`` (dbt's manifest.json), or None
    when there is none: no specs source, or a test of a rebuilt model that would not run."""
    source = next(
        (
            uid
            for uid, props in manifest["sources"].items()
            if (props["source_name"], props["name"]) == SPECS_SOURCE
        ),
        None,
    )
    if source is None:
        return None
    nodes: Mapping[str, Any] = manifest["nodes"]
    built = {uid for uid, props in nodes.items() if props["resource_type"] in _BUILT}
    rebuilt = _closure([source], manifest["child_map"]) & built
    runnable = rebuilt | _closure(rebuilt, manifest["parent_map"])
    kept_tests = set()
    for props in nodes.values():
        if props["resource_type"] != "test":
            continue
        parents = set(props["depends_on"]["nodes"])
        if not parents & rebuilt:
            kept_tests.add(props["name"])
        elif not parents <= runnable:
            return None
    return Plan(
        rebuilt=tuple(sorted(nodes[uid]["name"] for uid in rebuilt)),
        kept=tuple(sorted(nodes[uid]["name"] for uid in built - rebuilt)),
        kept_tests=frozenset(kept_tests),
    )


def rescored(con: duckdb.DuckDBPyConnection, specs: list[Spec]) -> list[Spec]:
    """The specs of ``specs`` this run rescores (a dbt model's incremental run)."""
    named = {r[0] for r in con.execute(f"SELECT spec_id FROM {RESCORE_TABLE}").fetchall()}
    return [s for s in specs if s.spec_id in named]


def name_rescored(con: duckdb.DuckDBPyConnection, spec_ids: list[str] | None) -> None:
    """Name the specs this run's dbt rescores in :data:`RESCORE_TABLE`; with None, remove
    the table (a full build, or the run is over)."""
    con.execute(f"DROP TABLE IF EXISTS {RESCORE_TABLE}")
    if spec_ids is None:
        return
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(f"CREATE TABLE {RESCORE_TABLE} (spec_id VARCHAR PRIMARY KEY)")
    if spec_ids:
        con.executemany(f"INSERT INTO {RESCORE_TABLE} VALUES (?)", [[s] for s in spec_ids])

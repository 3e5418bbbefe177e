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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SPECS_SOURCE = ("specs", "spec_versions")
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

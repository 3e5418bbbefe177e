"""The dbt project as Dagster assets; dbt tests become asset checks.

dbt writes the build file named by the ``Warehouse`` resource: its path goes to dbt as
``--vars '{"build_db": ...}'``, which ``profiles.yml`` reads. dbt's artefacts go to one
fixed folder beside the build file, so nothing accumulates under ``dbt_project/target``.
"""

import json
from collections.abc import Iterator
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

from dagster import (
    AssetCheckResult,
    AssetExecutionContext,
    AssetMaterialization,
    Config,
    Failure,
    MaterializeResult,
    Output,
)
from dagster_dbt import DbtCliResource, dbt_assets

from kpi_warehouse import build_inputs
from kpi_warehouse.defs.project import DBT_EXECUTABLE, dbt_project, manifest_path
from kpi_warehouse.defs.resources import WRITER_POOL, Warehouse
from kpi_warehouse.progress import say


def dbt_vars(warehouse: Warehouse) -> str:
    return json.dumps({"build_db": str(warehouse.build_path)})


def failed_nodes(run_results: Path) -> list[str]:
    """One line per dbt model or test that failed, from ``run_results.json``."""
    if not run_results.exists():
        return []
    results: list[dict[str, Any]] = json.loads(run_results.read_text())["results"]
    lines = []
    for r in results:
        if r.get("status") in ("error", "fail", "runtime error"):
            kind, _, name = r["unique_id"].split(".")[:3]  # test ids end in a hash
            message = " ".join(line.strip() for line in (r.get("message") or "").splitlines())
            lines.append(f"dbt {kind} {name}: {message.strip()[:400]}")
    return lines


def _with_progress(events: Iterator[Any], models: int) -> Iterator[Any]:
    """Pass dbt's events on, saying each finished model (with a count) and the tests."""
    done = tests = failed = 0
    for event in events:
        if isinstance(event, AssetCheckResult):
            tests += 1
            failed += not event.passed
        elif isinstance(event, (Output, AssetMaterialization)):
            done += 1
            meta = event.metadata
            uid = meta.get("unique_id")
            name = str(uid.value if uid is not None else "").split(".")[-1]
            took = meta.get("Execution Duration")
            seconds = f" {float(took.value):.1f}s" if took is not None else ""
            say(f"  dbt [{done}/{models}] {name}{seconds}")
        yield event
    say(f"  dbt 检查 / tests: {tests - failed}/{tests} 通过 passed")


class DbtBuildConfig(Config):
    """``kpi build --full``: run dbt even if its inputs are those the marts were built from."""

    full: bool = False


def _unchanged(context: AssetExecutionContext) -> Iterator[Any]:
    """The marts as last built: their fingerprint is recorded only after a dbt build whose
    models and tests all passed, on these same inputs — so are the tests' results."""
    say("  dbt: 输入未变，沿用上次构建的结果 / inputs unchanged: the marts are kept as built")
    # Dagster wants a multi-asset's results in dependency order.
    selected = context.selected_asset_keys
    deps = context.assets_def.asset_deps
    order = TopologicalSorter({k: deps.get(k, set()) & selected for k in selected})
    checks = sorted(context.selected_asset_check_keys, key=lambda c: c.name)
    for key in order.static_order():
        yield MaterializeResult(asset_key=key, metadata={"unchanged": True})
        for check in (c for c in checks if c.asset_key == key):
            yield AssetCheckResult(
                asset_key=key, check_name=check.name, passed=True, metadata={"unchanged": True}
            )


@dbt_assets(manifest=manifest_path(), project=dbt_project, pool=WRITER_POOL)
def warehouse_models(
    context: AssetExecutionContext,
    config: DbtBuildConfig,
    dbt: DbtCliResource,
    warehouse: Warehouse,
) -> Iterator[Any]:
    target = warehouse.dbt_target_path
    with warehouse.writing():
        with warehouse.connect() as con:
            inputs = build_inputs.dbt_inputs(con, dbt_project.project_dir)
            if not config.full and inputs is not None and build_inputs.built_from(con) == inputs:
                yield from _unchanged(context)
                return
            build_inputs.record_built_from(con, None)  # a failed or killed run leaves none
        (target / "run_results.json").unlink(missing_ok=True)  # never report a previous build's
        invocation = dbt.cli(
            ["build", "--vars", dbt_vars(warehouse)],
            context=context,
            target_path=target,
            raise_on_error=False,
        )
        yield from _with_progress(invocation.stream(), len(context.selected_asset_keys))
        if not invocation.is_successful():
            failed = failed_nodes(target / "run_results.json")
            raise Failure(
                description="\n".join(failed) if failed else str(invocation.get_error()),
                metadata={"dbt_log": str(target / "dbt.log")},
            )
        if not context.is_subset:  # the fingerprint describes the whole set of marts
            with warehouse.connect() as con:
                build_inputs.record_built_from(con, inputs)


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)

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
    AssetCheckKey,
    AssetCheckResult,
    AssetExecutionContext,
    AssetKey,
    AssetMaterialization,
    Config,
    Failure,
    MaterializeResult,
    Output,
)
from dagster_dbt import DbtCliResource, dbt_assets

from kpi_warehouse import build_inputs, spec_rebuild
from kpi_warehouse.defs.dbt_cli import WarehouseDbtCli
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


def _kept(
    context: AssetExecutionContext, keys: set[AssetKey], checks: set[AssetCheckKey]
) -> Iterator[Any]:
    """The assets ``keys`` and checks ``checks`` as last built: the build file holds them as
    a dbt build whose models and tests all passed made them, on these same inputs."""
    # Dagster wants a multi-asset's results in dependency order.
    deps = context.assets_def.asset_deps
    order = TopologicalSorter({k: deps.get(k, set()) & keys for k in keys})
    for key in order.static_order():
        yield MaterializeResult(asset_key=key, metadata={"unchanged": True})
        for check in sorted((c for c in checks if c.asset_key == key), key=lambda c: c.name):
            yield AssetCheckResult(
                asset_key=key, check_name=check.name, passed=True, metadata={"unchanged": True}
            )


def _unchanged(context: AssetExecutionContext) -> Iterator[Any]:
    """The marts as last built: their fingerprint is recorded only after a dbt build whose
    models and tests all passed, on these same inputs — so are the tests' results."""
    say("  dbt: 输入未变，沿用上次构建的结果 / inputs unchanged: the marts are kept as built")
    yield from _kept(
        context, set(context.selected_asset_keys), set(context.selected_asset_check_keys)
    )


def _spec_plan(
    context: AssetExecutionContext,
    config: DbtBuildConfig,
    con: Any,
    inputs: build_inputs.DbtInputs | None,
) -> tuple[spec_rebuild.Plan, list[str]] | None:
    """The spec-only rebuild and the specs it rescores, when only the specs changed since
    the marts were built whole."""
    if config.full or context.is_subset or inputs is None:
        return None
    built = build_inputs.built_from_parts(con)
    if built is None or not inputs.only_specs_differ(built):
        return None
    changed = inputs.changed_specs(built)
    plan = spec_rebuild.plan(json.loads(manifest_path().read_text(encoding="utf-8")))
    # Each model and seed is the asset named by it (this project's keys): were one keyed
    # otherwise, its kept result could not be reported — then the build is a full one.
    names = {key.path[-1] for key in context.selected_asset_keys}
    if plan is None or changed is None or not {*plan.kept, *plan.rebuilt} <= names:
        return None
    return plan, changed


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
            inputs = build_inputs.dbt_input_parts(con, dbt_project.project_dir)
            built = build_inputs.built_from(con)
            if not config.full and inputs is not None and built == inputs.fingerprint:
                yield from _unchanged(context)
                return
            spec_only = _spec_plan(context, config, con, inputs)
            build_inputs.record_built_from(con, None)  # a failed or killed run leaves none
            spec_rebuild.name_rescored(con, None if spec_only is None else spec_only[1])
        (target / "run_results.json").unlink(missing_ok=True)  # never report a previous build's
        args = ["build", "--vars", dbt_vars(warehouse)]
        models = len(context.selected_asset_keys)
        kept_checks: set[AssetCheckKey] = set()
        if spec_only is None:
            args.append("--full-refresh")  # the models incremental by spec are rebuilt whole
        else:
            plan, changed = spec_only
            say(
                f"  dbt: 只有考核细则变了（{'、'.join(changed)}）：重算其影响的 "
                f"{len(plan.rebuilt)} 个模型，其余 {len(plan.kept)} 个沿用上次构建 / only the "
                f"specs changed ({', '.join(changed)}): rebuilding the {len(plan.rebuilt)} "
                f"models they feed, keeping the other {len(plan.kept)} as built"
            )
            kept = {k for k in context.selected_asset_keys if k.path[-1] in plan.kept}
            kept_checks = {
                c for c in context.selected_asset_check_keys if c.name in plan.kept_tests
            }
            yield from _kept(context, kept, set())
            args += plan.dbt_args()
            models = len(context.selected_asset_keys) - len(kept)
        invocation = dbt.cli(args, context=context, target_path=target, raise_on_error=False)
        yield from _with_progress(invocation.stream(), models)
        if spec_only is not None:  # dbt is done (a killed run's table goes at the next start)
            with warehouse.connect() as con:
                spec_rebuild.name_rescored(con, None)
        if not invocation.is_successful():
            failed = failed_nodes(target / "run_results.json")
            raise Failure(
                description="\n".join(failed) if failed else str(invocation.get_error()),
                metadata={"dbt_log": str(target / "dbt.log")},
            )
        for check in sorted(kept_checks, key=lambda c: (c.asset_key.to_user_string(), c.name)):
            yield AssetCheckResult(
                asset_key=check.asset_key,
                check_name=check.name,
                passed=True,
                metadata={"unchanged": True},
            )
        if not context.is_subset:  # the fingerprint describes the whole set of marts
            with warehouse.connect() as con:
                build_inputs.record_built_from(con, inputs)


def dbt_resource() -> DbtCliResource:
    return WarehouseDbtCli(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)

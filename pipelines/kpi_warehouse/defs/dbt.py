"""The dbt project as Dagster assets; dbt tests become asset checks.

dbt writes the build file named by the ``Warehouse`` resource: its path goes to dbt as
``--vars '{"build_db": ...}'``, which ``profiles.yml`` reads. dbt's artefacts go to one
fixed folder beside the build file, so nothing accumulates under ``dbt_project/target``.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dagster import AssetCheckResult, AssetExecutionContext, AssetMaterialization, Failure, Output
from dagster_dbt import DbtCliResource, dbt_assets

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


@dbt_assets(manifest=manifest_path(), project=dbt_project, pool=WRITER_POOL)
def warehouse_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
) -> Iterator[Any]:
    target = warehouse.dbt_target_path
    (target / "run_results.json").unlink(missing_ok=True)  # never report a previous build's
    with warehouse.writing():
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


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)

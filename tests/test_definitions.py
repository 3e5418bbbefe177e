"""The Dagster code location loads whole: a broken asset graph fails here, fast."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance, Definitions
from dagster._core.instance.ref import InstanceRef

from kpi_warehouse.demo.schema import SYSTEMS
from kpi_warehouse.publish import REQUIRED_MARTS

REPO = Path(__file__).resolve().parents[1]
SPECS = AssetKey(["specs", "spec_versions"])


@pytest.fixture(scope="module")
def defs() -> Definitions:
    """The definitions, loaded as `kpi build` loads them: after preparing the dbt project."""
    from kpi_warehouse.defs.project import prepare

    prepare()
    from kpi_warehouse.definitions import defs

    return defs


def test_asset_graph_from_sources_to_snapshot(defs: Definitions) -> None:
    keys = set(defs.resolve_all_asset_keys())
    raw = {AssetKey([system, table]) for system, ddl in SYSTEMS.items() for table in ddl}
    assert raw <= keys  # the dbt sources cover every table of the demo systems
    assert {AssetKey(m) for m in REQUIRED_MARTS} <= keys
    assert {SPECS, AssetKey("published_snapshot")} <= keys
    graph = defs.resolve_asset_graph()
    # Publishing waits for every mart and the specs, and the marts for the raw tables.
    upstream = graph.get(AssetKey("published_snapshot")).parent_keys
    assert {SPECS, *(AssetKey(m) for m in REQUIRED_MARTS)} <= upstream
    # The scoring models read the specs from the build (dbt source specs.spec_versions).
    readers = {k for k in keys if SPECS in graph.get(k).parent_keys}
    assert readers, "no dbt model reads specs.spec_versions"


def test_extracted_tables_are_the_dbt_sources(defs: Definitions) -> None:
    from kpi_warehouse.defs.project import manifest_path

    manifest = json.loads(manifest_path().read_text())
    declared = {
        AssetKey([s["source_name"], s["name"]])
        for s in manifest["sources"].values()
        if s["schema"] == "raw"
    }
    graph = defs.resolve_asset_graph()
    extracted = {k for k in defs.resolve_all_asset_keys() if graph.get(k).group_name == "raw"}
    assert extracted == declared


def test_checks_job_and_schedule(defs: Definitions) -> None:
    checks = defs.resolve_asset_graph().asset_check_keys
    names = {c.name for c in checks}
    assert "row_count_matches_source" in names  # one per raw table
    assert sum(c.name == "row_count_matches_source" for c in checks) == sum(
        len(ddl) for ddl in SYSTEMS.values()
    )
    assert any(n.startswith("unique_") for n in names)  # dbt tests became asset checks
    assert defs.resolve_job_def("build_warehouse") is not None
    from kpi_warehouse.defs.dbt_cli import WarehouseDbtCli

    assert isinstance(defs.resources["dbt"], WarehouseDbtCli)  # without dagster-dbt's start-up
    assert defs.resolve_schedule_def("nightly_build").cron_schedule == "0 2 * * *"


def test_every_writer_is_in_the_one_writer_pool(defs: Definitions, tmp_path: Path) -> None:
    from kpi_warehouse.defs.resources import WRITER_POOL

    job = defs.resolve_job_def("build_warehouse")
    pools = {node.name: node.definition.pool for node in job.graph.node_dict.values()}
    assert pools and set(pools.values()) == {WRITER_POOL}, pools
    # A run starts one step at a time; the instance config limits the pool across runs.
    assert job.executor_def.name == "multiprocess"
    with DagsterInstance.from_ref(InstanceRef.from_dir(str(tmp_path), config_dir=str(REPO))) as i:
        assert i.get_concurrency_config().pool_config.default_pool_limit == 1


def test_no_wiring_through_environment_variables() -> None:
    code = "\n".join(p.read_text() for p in (REPO / "pipelines").rglob("*.py"))
    assert "KPI_DBT_PARSE" not in code and "KPI_BUILD_DB" not in code
    assert "var('build_db'" in (REPO / "dbt_project" / "profiles.yml").read_text()

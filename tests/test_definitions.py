"""The Dagster code location loads whole: a broken asset graph fails here, fast."""

from __future__ import annotations

from dagster import AssetKey

from kpi_warehouse.definitions import defs
from kpi_warehouse.demo.schema import SYSTEMS
from kpi_warehouse.publish import REQUIRED_MARTS


def test_asset_graph_from_sources_to_snapshot() -> None:
    keys = defs.resolve_all_asset_keys()
    raw = {AssetKey([system, table]) for system, ddl in SYSTEMS.items() for table in ddl}
    assert raw <= set(keys)
    assert {AssetKey(m) for m in REQUIRED_MARTS} <= set(keys)
    assert AssetKey("published_snapshot") in keys
    graph = defs.resolve_asset_graph()
    # Publishing waits for every mart, and the marts for the raw tables.
    upstream = graph.get(AssetKey("published_snapshot")).parent_keys
    assert {AssetKey(m) for m in REQUIRED_MARTS} <= upstream


def test_checks_job_and_schedule() -> None:
    checks = defs.resolve_asset_graph().asset_check_keys
    names = {c.name for c in checks}
    assert "row_count_matches_source" in names  # one per raw table
    assert sum(c.name == "row_count_matches_source" for c in checks) == sum(
        len(ddl) for ddl in SYSTEMS.values()
    )
    assert any(n.startswith("unique_") for n in names)  # dbt tests became asset checks
    assert defs.resolve_job_def("build_warehouse") is not None
    assert defs.resolve_schedule_def("nightly_build").cron_schedule == "0 2 * * *"

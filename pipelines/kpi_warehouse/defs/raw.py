"""Raw extraction assets: one per source table, keyed like the dbt sources (system/table)."""

from datetime import UTC, datetime

from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    MaterializeResult,
    asset,
)

from kpi_warehouse.defs.resources import WRITER_POOL, SourceSystems, Warehouse
from kpi_warehouse.extract.load import replace_raw_table
from kpi_warehouse.extract.sources import SourceTable, count_rows, read_table, source_tables


def _raw_asset(table: SourceTable) -> AssetsDefinition:
    key = AssetKey([table.system, table.table])
    # Blocking: a table that did not arrive whole stops everything downstream, publish included.
    check = AssetCheckSpec("row_count_matches_source", asset=key, blocking=True)

    @asset(
        key=key,
        group_name="raw",
        pool=WRITER_POOL,
        check_specs=[check],
        description=f"raw.{table.raw_name}: {table.system} system table {table.table}, as-is",
    )
    def _extract(
        context: AssetExecutionContext, sources: SourceSystems, warehouse: Warehouse
    ) -> MaterializeResult:
        url = sources.url(table.system)
        rows = read_table(url, table.table)
        with warehouse.connect() as con:
            loaded = replace_raw_table(con, table.raw_name, rows, datetime.now(UTC))
        in_source = count_rows(url, table.table)
        return MaterializeResult(
            metadata={"rows": loaded, "source_rows": in_source},
            check_results=[
                AssetCheckResult(
                    check_name=check.name,
                    passed=loaded == in_source,
                    metadata={"raw": loaded, "source": in_source},
                )
            ],
        )

    return _extract


raw_assets = [_raw_asset(t) for t in source_tables()]

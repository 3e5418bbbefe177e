"""The published snapshot: gated by every upstream check, swapped in atomically."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from kpi_warehouse.defs.resources import WRITER_POOL, Warehouse
from kpi_warehouse.defs.specs import SPEC_VERSIONS
from kpi_warehouse.publish import REQUIRED_MARTS, check_build, publish


@asset(
    key=AssetKey("published_snapshot"),
    group_name="serving",
    pool=WRITER_POOL,
    deps=[SPEC_VERSIONS, *(AssetKey(m) for m in REQUIRED_MARTS)],
    description="The read-only DuckDB snapshot that dashboards and `kpi sql` read.",
)
def published_snapshot(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    # Under the writer lock: nothing writes the build file while it is copied.
    with warehouse.writing():
        counts = check_build(warehouse.build_path)
        path = publish(warehouse.build_path, warehouse.snapshot_path)
    context.log.info(f"published {path}")
    metadata = {"path": str(path), **{f"rows.{k}": v for k, v in counts.items()}}
    return MaterializeResult(metadata=metadata)

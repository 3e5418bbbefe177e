"""The published snapshot: gated by every upstream check, swapped in atomically."""

from dagster import AssetExecutionContext, AssetKey, Config, MaterializeResult, asset

from kpi_warehouse import build_inputs
from kpi_warehouse.defs.resources import WRITER_POOL, SourceSystems, Warehouse
from kpi_warehouse.defs.specs import SPEC_VERSIONS
from kpi_warehouse.progress import say
from kpi_warehouse.publish import REQUIRED_MARTS, check_build, publish


class PublishConfig(Config):
    """``kpi build --accept-drop DEPT``: departments whose headcount drop is let through,
    and who let it through (for the audit log)."""

    accept_drop: list[str] = []
    actor: str = ""
    full: bool = False  # publish even if the snapshot was published from the same inputs


@asset(
    key=AssetKey("published_snapshot"),
    group_name="serving",
    pool=WRITER_POOL,
    deps=[SPEC_VERSIONS, *(AssetKey(m) for m in REQUIRED_MARTS)],
    description="The read-only DuckDB snapshot that dashboards and `kpi sql` read.",
)
def published_snapshot(
    context: AssetExecutionContext,
    config: PublishConfig,
    warehouse: Warehouse,
    sources: SourceSystems,
) -> MaterializeResult:
    from kpi_warehouse import closed_periods, publish_guard, rescored_periods
    from kpi_warehouse.store import closed_periods as closing
    from kpi_warehouse.store.audit import Actor

    app_url = sources.url("app")
    closed = closing.closed(app_url)
    reopened = closing.reopenings(app_url)
    accepted: list[publish_guard.Drop] = []

    def prepare(con) -> None:  # the publish copy: closed periods served frozen, then the guard
        closed_periods.serve_frozen(con, closed)
        rescored_periods.write_rescored(con, reopened)  # earlier results of reopened periods
        accepted.extend(publish_guard.check(con, warehouse.snapshot_path, config.accept_drop))

    # Under the writer lock: nothing writes the build file while it is copied.
    with warehouse.writing():
        with warehouse.connect() as con:
            built_from = build_inputs.built_from(con)
        inputs = build_inputs.publish_inputs(
            built_from, closed, reopened, sorted(config.accept_drop)
        )
        published = build_inputs.published_inputs(warehouse.snapshot_path)
        if not config.full and inputs is not None and inputs == published:
            say("  发布 / publish: 快照已是最新 / the snapshot is up to date")
            return MaterializeResult(
                metadata={"path": str(warehouse.snapshot_path), "unchanged": True}
            )
        counts = check_build(warehouse.build_path)
        path = publish(
            warehouse.build_path,
            warehouse.snapshot_path,
            warehouse.dbt_target_path,
            prepare,
            inputs_sha256=inputs,
        )
    publish_guard.log_accepted(accepted, Actor(config.actor or "kpi build"), app_url)
    context.log.info(f"published {path}")
    metadata = {
        "path": str(path),
        "closed_periods": ", ".join(p.period_id for p in closed),
        "rescored_periods": ", ".join(r.period_id for r in reopened),
        **{f"rows.{k}": v for k, v in counts.items()},
    }
    return MaterializeResult(metadata=metadata)

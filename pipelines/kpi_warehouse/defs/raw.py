"""Raw extraction: one step per system of record, one asset per source table.

The tables are the dbt sources in the ``raw`` schema (read from the dbt manifest), keyed
like dagster-dbt keys sources (``system/table``), so the staging models depend on them.
"""

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import groupby

from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    Config,
    MaterializeResult,
    multi_asset,
)

from kpi_warehouse.defs.project import manifest_path
from kpi_warehouse.defs.resources import WRITER_POOL, SourceSystems, Warehouse
from kpi_warehouse.extract.changes import TableState, content_digest, file_signature, recorded
from kpi_warehouse.extract.load import record_state, replace_raw_table
from kpi_warehouse.extract.sources import (
    SourceTable,
    SourceUnavailable,
    missing_columns,
    read_table_counted,
    safe_url,
    source_tables,
)
from kpi_warehouse.progress import say, timed

ROW_COUNT_CHECK = "row_count_matches_source"
Prior = dict[str, TableState]  # each raw table's state at its last extraction


def _key(table: SourceTable) -> AssetKey:
    return AssetKey([table.system, table.table])


class ExtractConfig(Config):
    """``kpi build --full``: read every table, even from a source file whose signature is the
    one recorded at its last extraction (an unchanged content is still not rewritten)."""

    full: bool = False


def _extract(
    table: SourceTable,
    url: str,
    warehouse: Warehouse,
    signature: str | None,
    prior: Prior,
    full: bool = False,
) -> MaterializeResult:
    with timed() as seconds:
        result, how = _extract_timed(table, url, warehouse, signature, prior, full)
    say(
        f"  抽取 / extract {table.system}.{table.table}: {result.metadata['rows']:,} 行 rows, "
        f"{seconds[0]:.1f}s{_HOW[how]}"
    )
    return result


_HOW = {
    "read": "",
    "same": " （内容未变 / content unchanged）",
    "file": " （文件未变，未读取 / file unchanged, not read）",
}


def _extract_timed(
    table: SourceTable,
    url: str,
    warehouse: Warehouse,
    signature: str | None,
    prior: Prior,
    full: bool,
) -> tuple[MaterializeResult, str]:
    """Read the table unless its file is unchanged (``full``: read it anyway); rewrite it
    only if its content changed."""
    before = prior.get(table.raw_name)
    # The declared columns are part of the signature: declaring a new one reads the table.
    signed = None if signature is None else f"{signature}|{','.join(table.columns)}"
    if not full and signed is not None and before is not None and before.file_signature == signed:
        return _result(table, before.row_count, before.row_count, "file"), "file"
    rows, in_source = read_table_counted(url, table.table)
    missing = missing_columns(table, rows)
    if missing:
        raise SourceUnavailable(
            f"数据源 {table.system}（{safe_url(url)}）的表 {table.table} 缺少列 "
            f"{', '.join(missing)} / table {table.table} of source {table.system} "
            f"({safe_url(url)}) lacks column(s) {', '.join(missing)} that the dbt source declares"
        )
    now = datetime.now(UTC)
    with warehouse.connect() as con:
        state = TableState(signed, content_digest(con, rows), rows.num_rows)
        if before is not None and before.content_digest == state.content_digest:
            record_state(con, table.raw_name, state, now)
            how, loaded = "same", rows.num_rows
        else:
            how, loaded = "read", replace_raw_table(con, table.raw_name, rows, now, state)
    return _result(table, loaded, in_source, how), how


def _result(table: SourceTable, loaded: int, in_source: int, how: str) -> MaterializeResult:
    return MaterializeResult(
        asset_key=_key(table),
        metadata={"rows": loaded, "source_rows": in_source, "changed": how == "read"},
        check_results=[
            AssetCheckResult(
                asset_key=_key(table),
                check_name=ROW_COUNT_CHECK,
                passed=loaded == in_source,
                metadata={"raw": loaded, "source": in_source},
            )
        ],
    )


def _system_asset(system: str, tables: list[SourceTable]) -> AssetsDefinition:
    @multi_asset(
        name=f"extract_{system}",
        group_name="raw",
        pool=WRITER_POOL,
        specs=[
            AssetSpec(
                _key(t),
                description=f"raw.{t.raw_name}: {system} system table {t.table}, as-is",
            )
            for t in tables
        ],
        # Blocking: a table that did not arrive whole stops everything downstream.
        check_specs=[AssetCheckSpec(ROW_COUNT_CHECK, asset=_key(t), blocking=True) for t in tables],
    )
    def _extract_system(
        context: AssetExecutionContext,
        config: ExtractConfig,
        sources: SourceSystems,
        warehouse: Warehouse,
    ) -> Iterator[MaterializeResult]:
        url = sources.url(system)
        with warehouse.writing():
            signature = file_signature(url)  # taken before reading: a later write shows
            with warehouse.connect() as con:
                prior = recorded(con)
            for table in tables:
                context.log.info(f"extract {system}.{table.table} from {safe_url(url)}")
                yield _extract(table, url, warehouse, signature, prior, config.full)

    return _extract_system


def raw_assets() -> list[AssetsDefinition]:
    manifest = json.loads(manifest_path().read_text())
    by_system = groupby(source_tables(manifest), key=lambda t: t.system)
    return [_system_asset(system, list(tables)) for system, tables in by_system]

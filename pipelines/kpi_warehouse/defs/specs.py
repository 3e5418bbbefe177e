"""The specs as an input of the build: loaded and validated once, written to the build file."""

from dagster import AssetExecutionContext, AssetKey, Failure, MaterializeResult, asset

from kpi_warehouse.defs.resources import WRITER_POOL, SourceSystems, SpecFolder, Warehouse
from kpi_warehouse.extract.specs import load_spec_versions, write_spec_versions
from kpi_warehouse.progress import say
from kpi_warehouse.specs.closed_versions import closed_in_store, closed_version_problems
from kpi_warehouse.specs.loader import SpecError

# The dbt source `specs.spec_versions` (dbt_project/models/specs/_specs__sources.yml).
SPEC_VERSIONS = AssetKey(["specs", "spec_versions"])


@asset(
    key=SPEC_VERSIONS,
    group_name="specs",
    pool=WRITER_POOL,
    description="specs.spec_versions: every spec version under the specs folder, validated, "
    "with its file's sha256; the dbt models score by these and meta_snapshot names them.",
)
def kpi_specs(
    context: AssetExecutionContext,
    spec_folder: SpecFolder,
    warehouse: Warehouse,
    sources: SourceSystems,
) -> MaterializeResult:
    try:
        versions = load_spec_versions(spec_folder.path)
        # A version that scored a closed period may not have been edited since.
        scored = [(spec_folder.path / v.file, v.spec) for v in versions]
        closed = closed_in_store(sources.url("app"))
        edited = closed_version_problems(scored, closed, spec_folder.path)
        if edited:
            raise SpecError(edited)
    except SpecError as exc:
        raise Failure(
            description="考核细则有误 / invalid specs:\n" + "\n".join(map(str, exc.problems))
        ) from None
    with warehouse.writing(), warehouse.connect() as con:
        count = write_spec_versions(con, versions)
    context.log.info(f"{count} spec version(s) from {spec_folder.path}")
    say(f"  考核细则 / specs: {count} 个版本 versions ({spec_folder.path})")
    return MaterializeResult(
        metadata={"versions": count, **{v.file: v.sha256[:12] for v in versions}}
    )

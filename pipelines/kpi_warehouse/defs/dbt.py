"""The dbt project as Dagster assets; dbt tests become asset checks."""

import os
import sys
from pathlib import Path

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from kpi_warehouse.config import settings
from kpi_warehouse.defs.resources import WRITER_POOL

os.environ.setdefault("DO_NOT_TRACK", "1")

DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))
dbt_project = DbtProject(
    project_dir=settings().dbt_project_dir, profiles_dir=settings().dbt_project_dir
)


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing (fresh clone), in `dagster dev`,
    or when `kpi build` asks for it (KPI_DBT_PARSE=1)."""
    fresh = os.environ.get("DAGSTER_IS_DEV_CLI") or os.environ.get("KPI_DBT_PARSE") == "1"
    if fresh or not dbt_project.manifest_path.exists():
        from dbt.cli.main import dbtRunner

        result = dbtRunner().invoke(
            [
                "parse",
                "--project-dir",
                str(dbt_project.project_dir),
                "--profiles-dir",
                str(dbt_project.profiles_dir),
                "--quiet",
            ]
        )
        if not result.success:
            raise RuntimeError(f"dbt parse failed: {result.exception}")
    return dbt_project.manifest_path


@dbt_assets(manifest=ensure_manifest(), project=dbt_project, pool=WRITER_POOL)
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource):
    # dbt's profile reads the build file's path from the environment of this process.
    os.environ["KPI_BUILD_DB"] = str(settings().build_db)
    yield from dbt.cli(["build"], context=context).stream()


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)

"""dagster-dbt's CLI resource without two start-up costs this project does not use.

Before every ``dbt.cli(...)`` dagster-dbt (0.29) runs ``dbt --version`` in a subprocess, to
tell dbt Core from the Fusion engine, and loads a dbt adapter in the calling process, used
only to fetch column metadata and row counts for materialisation events
(``fetch_column_metadata`` / ``fetch_row_counts``). Measured on the province: 3.4 s and
1.5 s, each build, before dbt itself starts. This project runs the ``dbt`` of its own
environment (``DBT_EXECUTABLE`` beside ``sys.executable``), so its version is the installed
dbt-core's, read from the package metadata; and it fetches no such metadata, so no adapter
is loaded (dagster-dbt's documented path when there is none, as with Fusion: those fetches
return nothing). ``tests/test_dbt_cli.py`` pins both against the installed packages.
"""

from functools import cached_property
from importlib.metadata import version as installed_version
from typing import Any

from dagster_dbt import DbtCliResource
from packaging.version import Version


class WarehouseDbtCli(DbtCliResource):
    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Any) -> None:  # type: ignore[override]
        return None

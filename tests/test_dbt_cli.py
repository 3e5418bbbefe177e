"""The build's dbt resource skips dagster-dbt's `dbt --version` subprocess and its in-process
adapter, and nothing it relies on changes: the version it reports is the one `dbt --version`
prints, and dagster-dbt still has the two hooks it replaces (were they renamed, the override
would silently stop saving the time)."""

from __future__ import annotations

import subprocess

import dagster_dbt.core.resource as dagster_dbt_resource
import pytest
from dagster_dbt import DbtCliResource
from packaging.version import Version

from kpi_warehouse.defs.dbt_cli import WarehouseDbtCli
from kpi_warehouse.defs.project import DBT_EXECUTABLE, prepare


def dbt_resource() -> WarehouseDbtCli:
    """The build's resource (defs.dbt imports only once the dbt project is prepared)."""
    prepare()
    from kpi_warehouse.defs.dbt import dbt_resource as build_resource

    resource = build_resource()
    assert isinstance(resource, WarehouseDbtCli)
    return resource


def test_the_version_is_the_one_dbt_prints_without_running_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printed = subprocess.run(
        [DBT_EXECUTABLE, "--version"], capture_output=True, text=True, check=True
    ).stdout
    core_line = next(line for line in printed.splitlines() if "installed:" in line)

    def no_subprocess(*args: object, **kwargs: object) -> bytes:
        raise AssertionError(f"dbt was run: {args}")

    monkeypatch.setattr(dagster_dbt_resource, "check_output", no_subprocess)
    resource = dbt_resource()
    assert resource._cli_version == Version(core_line.split(":")[1].strip())
    assert resource._cli_version.major < 2  # dbt Core: dagster-dbt parses its events as such


def test_the_replaced_hooks_still_exist_in_dagster_dbt() -> None:
    assert "_cli_version" in vars(DbtCliResource)
    assert "_initialize_dbt_core_adapter" in vars(DbtCliResource)
    assert dbt_resource()._initialize_dbt_core_adapter(["build"]) is None

"""Shared fixtures: a small demo procuratorate, generated and built once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO_STAFF = 60
DEMO_SEED = 7


@dataclass(frozen=True)
class DemoBuild:
    data_dir: Path
    env: dict[str, str]

    @property
    def sources(self) -> Path:
        return self.data_dir / "sources"

    @property
    def snapshot(self) -> Path:
        return self.data_dir / "warehouse" / "published.duckdb"

    @property
    def build_db(self) -> Path:
        return self.data_dir / "warehouse" / "build.duckdb"


def kpi(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the `kpi` command as a user would, in its own process."""
    proc = subprocess.run(
        [sys.executable, "-m", "kpi_warehouse.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"kpi {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def demo_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPI_")}
    env.update(KPI_DATA_DIR=str(data_dir), DO_NOT_TRACK="1")
    return env


def copy_demo(demo: DemoBuild, folder: Path) -> tuple[DemoBuild, Path]:
    """A copy of the built demo in ``folder`` (its data and the repository's specs) to change
    freely: the copy's DemoBuild (its env naming both) and its specs folder."""
    data, specs = folder / "data", folder / "specs"
    shutil.copytree(demo.data_dir, data, ignore=shutil.ignore_patterns("dbt_target"))
    shutil.copytree(REPO / "kpi_specs", specs)
    return DemoBuild(data, demo_env(data) | {"KPI_SPECS_DIR": str(specs)}), specs


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoBuild]:
    """A 60-person demo, generated and built through `kpi demo` and `kpi build`."""
    data_dir = tmp_path_factory.mktemp("demo")
    env = demo_env(data_dir)
    kpi(env, "demo", "--staff", str(DEMO_STAFF), "--seed", str(DEMO_SEED))
    kpi(env, "build")
    yield DemoBuild(data_dir, env)


@pytest.fixture(scope="session")
def demo_snapshot(demo_build: DemoBuild) -> Path:
    """The published snapshot of the demo build (used by the dashboard browser test)."""
    return demo_build.snapshot

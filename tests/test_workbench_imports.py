"""The specs workbench facade is the one part of the package besides the store that the
dashboards import (tests/dashboard/test_snapshot_and_catalogue.py): it must bring in no
build, extraction, publishing, demo, Dagster or dbt code."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("dagster", "dagster_dbt", "dbt")
PIPELINE = ("build", "defs", "extract", "publish", "demo", "definitions")


def test_the_workbench_facade_loads_no_build_code():
    code = (
        "import sys, kpi_warehouse.workbench.service; "
        f"heavy = {HEAVY!r}; pipeline = {PIPELINE!r}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy "
        "or (m.startswith('kpi_warehouse.') and m.split('.')[1] in pipeline)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""The store package (accounts, audit, scope layer) is what the dashboards may import, so
it must import nothing else of ``kpi_warehouse`` — least of all the pipeline."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import kpi_warehouse.store

STORE = Path(kpi_warehouse.store.__file__).resolve().parent


def test_store_modules_import_only_the_store():
    for path in STORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                continue  # relative imports stay inside the store
            names = (
                [a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            for name in names:
                if name.startswith("kpi_warehouse"):
                    assert name.startswith("kpi_warehouse.store"), (path, name)


def test_importing_the_scope_layer_loads_no_pipeline_module():
    code = (
        "import sys, kpi_warehouse.store.scope, kpi_warehouse.store.sql_sandbox, "
        "kpi_warehouse.store.accounts; "
        "print(sorted(m for m in sys.modules if m.startswith('kpi_warehouse') "
        "and not m.startswith('kpi_warehouse.store')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['kpi_warehouse']"

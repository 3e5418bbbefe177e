"""Snapshot location, read-only access, formatting helpers and the message catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import pytest

from dashboards import i18n, snapshot
from dashboards.components import fmt_points, md_escape
from kpi_warehouse.store.scope import Scope
from kpi_warehouse.store.sql_sandbox import Refused

DASHBOARDS = Path(snapshot.__file__).resolve().parent


def test_path_prefers_kpi_snapshot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KPI_SNAPSHOT", str(tmp_path / "explicit.duckdb"))
    assert snapshot.snapshot_path() == tmp_path / "explicit.duckdb"


def test_path_under_kpi_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("KPI_SNAPSHOT", raising=False)
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path))
    assert snapshot.snapshot_path() == tmp_path / "warehouse" / "published.duckdb"


def test_path_defaults_to_repo_data(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("KPI_SNAPSHOT", raising=False)
    monkeypatch.delenv("KPI_DATA_DIR", raising=False)
    expected = DASHBOARDS.parent / "data" / "warehouse" / "published.duckdb"
    assert snapshot.snapshot_path() == expected


def test_current_snapshot_none_when_missing(missing_snapshot: Path):
    assert snapshot.current_snapshot() is None


def test_version_changes_when_file_is_replaced(synthetic_snapshot: Path):
    before = snapshot.current_snapshot()
    copy = synthetic_snapshot.with_name("copy.duckdb")
    copy.write_bytes(synthetic_snapshot.read_bytes())
    copy.replace(synthetic_snapshot)
    after = snapshot.current_snapshot()
    assert before is not None and after is not None
    assert before.version != after.version


ADMIN = Scope("admin", 1, ("admin",))


def test_reads_are_read_only_and_closed(synthetic_snapshot: Path):
    snap = snapshot.Snapshot(str(synthetic_snapshot), "v", ADMIN)
    with pytest.raises(Refused):
        snapshot.fetch_df(snap, "DELETE FROM fct_appraisal")
    # Closed again: a writer can open the file right away.
    with duckdb.connect(str(synthetic_snapshot)) as writer:
        assert writer.execute("SELECT count(*) FROM fct_appraisal").fetchone() == (8,)


def test_fetch_df_with_parameters(synthetic_snapshot: Path):
    frame = snapshot.fetch_df(
        snapshot.Snapshot(str(synthetic_snapshot), "v", ADMIN),
        "SELECT person_name FROM dim_person WHERE person_id = ?",
        ["P005"],
    )
    assert list(frame["person_name"]) == ["陈静"]


def test_fetch_df_needs_a_signed_in_scope(synthetic_snapshot: Path):
    with pytest.raises(snapshot.NoScope):
        snapshot.fetch_df(snapshot.Snapshot(str(synthetic_snapshot), "v"), "SELECT 1")
    staff = Scope("staff", 2, ("staff",), "P005")
    frame = snapshot.fetch_df(
        snapshot.Snapshot(str(synthetic_snapshot), "v", staff),
        "SELECT person_id FROM dim_person ORDER BY person_id",
    )
    assert list(frame["person_id"]) == ["P005", "P006"]  # self, and a colleague's totals


def test_catalogues_have_the_same_keys():
    assert set(i18n.MESSAGES["zh"]) == set(i18n.MESSAGES["en"])


def test_every_message_key_used_in_code_exists():
    """Every literal key passed to t() is in the catalogue."""
    keys = set(i18n.MESSAGES["zh"])
    used: set[str] = set()
    for path in DASHBOARDS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(node.args[0].value)
    assert used, "no t() calls found"
    assert used <= keys, sorted(used - keys)


# The one exception: the specs workbench page calls the spec library's facade (the live
# check and the ≤ 2 s preview run in-process; a subprocess alone takes longer to start).
# It loads no build, extraction, Dagster or dbt code (tests/test_workbench_imports.py).
WORKBENCH_FACADE = "kpi_warehouse.workbench"


def test_dashboards_import_only_the_store_from_the_package():
    """The dashboards never import the pipeline: of ``kpi_warehouse`` only the store (its
    services and the scope layer), which imports nothing else of the package — and the
    specs workbench facade."""
    for path in DASHBOARDS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("pipelines"), (path, name)
                if name.startswith(WORKBENCH_FACADE):
                    continue
                if name.startswith("kpi_warehouse"):
                    assert name.startswith("kpi_warehouse.store"), (path, name)


@pytest.mark.parametrize(
    ("value", "text"),
    [(92.5, "92.5"), (30.0, "30"), (78.25, "78.25"), (1 / 3, "0.33"), (None, "—"), (-0.0, "0")],
)
def test_fmt_points(value: object, text: str):
    assert fmt_points(value) == text


def test_md_escape_keeps_numbers_and_neutralises_markup():
    assert md_escape("92.5") == "92.5"
    assert md_escape("-0.5") == "-0.5"
    assert md_escape("1. 第一项") == "1\\. 第一项"
    assert md_escape("a*b*") == "a\\*b\\*"

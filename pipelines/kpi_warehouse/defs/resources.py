"""Dagster resources: where the specs, the sources and the warehouse build file are.

Empty fields fall back to :func:`kpi_warehouse.config.settings` at run time, so the
environment (KPI_DATA_DIR, KPI_CASE_URL, ...) of the process that runs the job decides.
Assets read paths from these resources only; nothing is handed over through the environment.
"""

from contextlib import AbstractContextManager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource

from kpi_warehouse.config import settings
from kpi_warehouse.writer_lock import writer_lock

# Every asset that writes the build file is in this pool; its limit is 1 (dagster.yaml).
WRITER_POOL = "duckdb_writer"


class Warehouse(ConfigurableResource):
    """The DuckDB build file (one writer) and the published snapshot."""

    build_db: str = ""
    snapshot_db: str = ""

    @property
    def build_path(self) -> Path:
        return Path(self.build_db) if self.build_db else settings().build_db

    @property
    def snapshot_path(self) -> Path:
        return Path(self.snapshot_db) if self.snapshot_db else settings().snapshot_db

    @property
    def dbt_target_path(self) -> Path:
        """dbt's artefacts of the last build (one fixed folder beside the build file)."""
        return self.build_path.with_name("dbt_target")

    def writing(self) -> AbstractContextManager[None]:
        """Hold the writer lock of the build file (refused at once if another build holds it)."""
        return writer_lock(self.build_path)

    def connect(self) -> duckdb.DuckDBPyConnection:
        self.build_path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(self.build_path))


class SourceSystems(ConfigurableResource):
    """SQLAlchemy URLs of the systems of record (demo SQLite files by default)."""

    case_url: str = ""
    office_url: str = ""
    app_url: str = ""

    def url(self, system: str) -> str:
        given = {"case": self.case_url, "office": self.office_url, "app": self.app_url}.get(system)
        return given or settings().source_url(system)


class SpecFolder(ConfigurableResource):
    """The folder of spec files the build scores by (default ``KPI_SPECS_DIR``)."""

    specs_dir: str = ""

    @property
    def path(self) -> Path:
        return Path(self.specs_dir) if self.specs_dir else settings().specs_dir

"""Dagster resources: where the sources and the warehouse build file are.

Empty fields fall back to :func:`kpi_warehouse.config.settings` at run time, so the
environment (KPI_DATA_DIR, KPI_CASE_URL, ...) of the process that runs the job decides.
"""

from pathlib import Path

import duckdb
from dagster import ConfigurableResource

from kpi_warehouse.config import settings

WRITER_POOL = "duckdb_writer"  # every asset that writes the build file shares this pool


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

    def connect(self) -> duckdb.DuckDBPyConnection:
        self.build_path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(self.build_path))


class SourceSystems(ConfigurableResource):
    """SQLAlchemy URLs of the systems of record (demo SQLite files by default)."""

    case_url: str = ""
    office_url: str = ""
    app_url: str = ""

    def url(self, system: str) -> str:
        given = {"case": self.case_url, "office": self.office_url, "app": self.app_url}[system]
        return given or settings().source_urls[system]

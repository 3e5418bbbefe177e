"""Where things live. Every path and URL can be overridden by an environment variable.

Defaults put all generated state under ``<repo>/data`` (git-ignored): the demo source
databases, the warehouse build file and the published read-only snapshot.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).resolve() if value else default


@dataclass(frozen=True)
class Settings:
    """Resolved locations for one process. Build with :func:`settings`."""

    data_dir: Path
    specs_dir: Path
    dbt_project_dir: Path
    case_url: str
    office_url: str
    app_url: str

    @property
    def sources_dir(self) -> Path:
        return self.data_dir / "sources"

    @property
    def warehouse_dir(self) -> Path:
        return self.data_dir / "warehouse"

    @property
    def build_db(self) -> Path:
        """The file the pipeline writes (one writer at a time)."""
        return self.warehouse_dir / "build.duckdb"

    @property
    def snapshot_db(self) -> Path:
        """The published read-only snapshot the dashboards and `kpi sql` read."""
        return _path("KPI_SNAPSHOT", self.warehouse_dir / "published.duckdb")

    @property
    def source_urls(self) -> dict[str, str]:
        return {"case": self.case_url, "office": self.office_url, "app": self.app_url}

    def source_url(self, system: str) -> str:
        """SQLAlchemy URL of a system of record: ``KPI_<SYSTEM>_URL``, else its demo file."""
        known = self.source_urls.get(system)
        default = f"sqlite:///{self.sources_dir / (system + '.sqlite')}"
        return known or os.environ.get(f"KPI_{system.upper()}_URL", default)


def settings() -> Settings:
    data_dir = _path("KPI_DATA_DIR", REPO_ROOT / "data")
    sources = data_dir / "sources"
    return Settings(
        data_dir=data_dir,
        specs_dir=_path("KPI_SPECS_DIR", REPO_ROOT / "kpi_specs"),
        dbt_project_dir=REPO_ROOT / "dbt_project",
        case_url=os.environ.get("KPI_CASE_URL", f"sqlite:///{sources / 'case.sqlite'}"),
        office_url=os.environ.get("KPI_OFFICE_URL", f"sqlite:///{sources / 'office.sqlite'}"),
        app_url=os.environ.get("KPI_APP_URL", f"sqlite:///{sources / 'app.sqlite'}"),
    )

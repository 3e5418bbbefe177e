"""The specs the warehouse scores by: every version under the configured specs folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpi_warehouse.config import settings
from kpi_warehouse.specs.loader import load_specs, spec_files
from kpi_warehouse.specs.model import Spec


def current_spec_files(root: Path | None = None) -> list[Path]:
    """The spec files under ``root`` (default ``KPI_SPECS_DIR``, i.e. ``kpi_specs/``).

    The seed schemes under ``schemes/`` are reference specs for the scoring library and are
    not scored against the demo procuratorate's data.
    """
    root = root or settings().specs_dir
    return [p for p in spec_files([root]) if "schemes" not in p.relative_to(root).parts]


def current_specs() -> list[Spec]:
    """All spec versions under ``KPI_SPECS_DIR``, validated (for tools outside the build;
    the build loads them once, into ``specs.spec_versions``)."""
    return load_specs(current_spec_files())


def indicator_rows(specs: list[Spec]) -> list[dict[str, Any]]:
    """One row per spec version × indicator: the contents of ``dim_indicator``."""
    return [
        {
            "spec_id": s.spec_id,
            "spec_version": s.version,
            "spec_title": s.title,
            "indicator_id": i.id,
            "indicator_name": i.name,
            "clause": i.clause,
            "source": i.source,
            "rule_type": i.rule.type,
            "max_points": i.rule.max_points,
            "sort_order": n,
        }
        for s in specs
        for n, i in enumerate(s.indicators, start=1)
    ]

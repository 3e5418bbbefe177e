"""The specs the warehouse scores by: every version under the configured specs folder."""

from __future__ import annotations

from typing import Any

from kpi_warehouse.config import settings
from kpi_warehouse.specs.loader import load_specs
from kpi_warehouse.specs.model import Spec


def current_specs() -> list[Spec]:
    """All spec versions under ``KPI_SPECS_DIR`` (default ``kpi_specs/``), validated.

    The seed schemes under ``schemes/`` are reference specs for the scoring library and are
    not scored against the demo procuratorate's data.
    """
    root = settings().specs_dir
    files = [p for p in sorted(root.rglob("*.yaml")) if "schemes" not in p.relative_to(root).parts]
    return load_specs(files)


def indicator_rows(specs: list[Spec]) -> list[dict[str, Any]]:
    """One row per spec version × indicator: the contents of ``dim_indicator``."""
    from kpi_warehouse.scoring.rules import compile_rule

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
            "max_points": compile_rule(i).max_points,
            "sort_order": n,
        }
        for s in specs
        for n, i in enumerate(s.indicators, start=1)
    ]

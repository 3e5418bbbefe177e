"""A department's rater tiers: the rating indicator of the spec in force for a period.

Read from the spec files themselves (``KPI_SPECS_DIR``, the seed schemes under
``schemes/`` left out as the build leaves them out), so the store needs no pipeline code:
the spec whose ``population.dept_key`` names the department's counterpart key and whose
``effective_from``/``effective_to`` hold the period's last day, and its indicator with
``source: ratings.rating`` and ``rule.type: rater_tiers``. An explicit spec file may be
given instead (``kpi rating open --spec FILE``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from kpi_warehouse.store import db

RATINGS_SOURCE = "ratings.rating"


class NoTiers(ValueError):
    """No spec with rater tiers applies."""


@dataclass(frozen=True)
class Tiers:
    spec_id: str
    indicator_id: str
    indicator_name: str
    levels: dict[str, float]  # rater level -> that level's maximum points
    scale: dict[str, float] | None  # choice -> points, best first; None = a number 0..max


def specs_dir() -> Path:
    explicit = os.environ.get("KPI_SPECS_DIR")
    return Path(explicit).resolve() if explicit else db.REPO_ROOT / "kpi_specs"


def period_end(period_id: str) -> date:
    """The last day of ``2026``, ``2026H1``, ``2026Q3`` or ``2026-05``."""
    m = re.fullmatch(r"(\d{4})(?:(H)([12])|(Q)([1-4])|-(\d{2}))?", period_id)
    if not m:
        raise ValueError(f"无法识别的考核期 {period_id} / unknown period {period_id}")
    year = int(m.group(1))
    if m.group(2):
        month = 6 * int(m.group(3))
    elif m.group(4):
        month = 3 * int(m.group(5))
    elif m.group(6):
        month = int(m.group(6))
    else:
        month = 12
    if not 1 <= month <= 12:
        raise ValueError(f"无法识别的考核期 {period_id} / unknown period {period_id}")
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def tiers_of(spec: dict[str, Any], indicator_id: str | None = None) -> Tiers:
    for ind in spec.get("indicators") or []:
        rule = ind.get("rule") or {}
        if rule.get("type") != "rater_tiers" or ind.get("source") != RATINGS_SOURCE:
            continue
        if indicator_id and ind.get("id") != indicator_id:
            continue
        scale = rule.get("scale")
        return Tiers(
            str(spec.get("spec_id")),
            str(ind["id"]),
            str(ind.get("name") or ind["id"]),
            {str(k): float(v) for k, v in rule["levels"].items()},
            {str(k): float(v) for k, v in scale.items()} if scale else None,
        )
    raise NoTiers(
        f"规范 {spec.get('spec_id')} 没有评议指标 {indicator_id or ''} / spec "
        f"{spec.get('spec_id')} has no rater-tiers indicator {indicator_id or ''}".strip()
    )


def read_spec(path: Path) -> dict[str, Any]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def find(
    dept_key: str,
    period_id: str,
    indicator_id: str | None = None,
    root: Path | None = None,
    posts: list[str] | None = None,
) -> Tiers:
    """The tiers of the department's spec in force on the period's last day. Where several
    specs cover the department (by post: 检察官 and 书记员 …), the one whose population
    holds most of ``posts`` (the members' posts) — its tiers are the campaign's."""
    root = root or specs_dir()
    end = period_end(period_id)
    found: list[tuple[int, Tiers]] = []
    for path in sorted(root.rglob("*.yaml")):
        if "schemes" in path.relative_to(root).parts:
            continue
        try:
            spec = read_spec(path)
        except (OSError, yaml.YAMLError):
            continue
        keys = ((spec.get("population") or {}).get("dept_key")) or []
        start, stop = _as_date(spec.get("effective_from")), _as_date(spec.get("effective_to"))
        if dept_key not in keys or start is None or end < start or (stop and end > stop):
            continue
        try:
            got = tiers_of(spec, indicator_id)
        except NoTiers:
            continue
        allowed = (spec.get("population") or {}).get("post")
        found.append((sum(1 for p in posts or [] if not allowed or p in allowed), got))
    if found:
        return max(found, key=lambda f: f[0])[1]  # the first of the best
    raise NoTiers(
        f"部门（{dept_key}）在 {period_id} 没有含评议指标的考核规范 / no spec with rater tiers "
        f"applies to department key {dept_key} in {period_id}"
    )

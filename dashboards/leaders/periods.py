"""Which period a period is compared with: the previous one and the same one a year before.

Quarters are ``2026Q1``; years are ``2026`` (dim_period's ids). The previous period of a
quarter is the quarter before it (2026Q1 -> 2025Q4), of a year the year before; the same
period last year is the same quarter (or the year) one year earlier. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboards.i18n import t

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class PeriodRef:
    period_id: str
    year: int
    quarter: int | None  # None for a year

    @property
    def is_year(self) -> bool:
        return self.quarter is None


def parse_period(period_id: str | None) -> PeriodRef | None:
    """A quarter or a year id; None for anything else (a month, a half-year, junk)."""
    text = period_id or ""
    if match := _QUARTER.match(text):
        return PeriodRef(text, int(match[1]), int(match[2]))
    if match := _YEAR.match(text):
        return PeriodRef(text, int(match[1]), None)
    return None


def _ref(year: int, quarter: int | None) -> PeriodRef:
    return PeriodRef(f"{year}" if quarter is None else f"{year}Q{quarter}", year, quarter)


def previous_period(ref: PeriodRef) -> PeriodRef:
    if ref.quarter is None:
        return _ref(ref.year - 1, None)
    if ref.quarter == 1:
        return _ref(ref.year - 1, 4)
    return _ref(ref.year, ref.quarter - 1)


def same_period_last_year(ref: PeriodRef) -> PeriodRef:
    return _ref(ref.year - 1, ref.quarter)


def period_text(ref: PeriodRef) -> str:
    """The period's name in the current language (also for periods the snapshot lacks)."""
    if ref.quarter is None:
        return t("lead.period.year", year=ref.year)
    return t("lead.period.quarter", year=ref.year, quarter=ref.quarter)


def quarters_of(ref: PeriodRef) -> tuple[str, ...]:
    """The quarter ids a period covers (a quarter covers itself)."""
    if ref.quarter is not None:
        return (ref.period_id,)
    return tuple(f"{ref.year}Q{q}" for q in range(1, 5))


def display_label(row: dict[str, object]) -> str:
    """A dim_period row's label; years as "2026年度" / "Year 2026" in both languages' style."""
    from dashboards.i18n import period_label

    ref = parse_period(str(row.get("period_id")))
    if ref is not None and ref.is_year:
        return period_text(ref)
    return period_label(row)

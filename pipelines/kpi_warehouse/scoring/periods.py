"""Appraisal periods: ids like ``2026Q1``, ``2026H1``, ``2026-03`` and ``2026``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    period_id: str
    period_type: str  # month / quarter / half_year / year
    year: int
    index: int  # month 1-12, quarter 1-4, half 1-2, year 1
    start_date: date
    end_date: date

    @property
    def label_zh(self) -> str:
        return {
            "month": f"{self.year}年{self.index}月",
            "quarter": f"{self.year}年第{self.index}季度",
            "half_year": f"{self.year}年{'上' if self.index == 1 else '下'}半年",
            "year": f"{self.year}年度",
        }[self.period_type]

    @property
    def label_en(self) -> str:
        return {
            "month": f"{self.year}-{self.index:02d}",
            "quarter": f"{self.year} Q{self.index}",
            "half_year": f"{self.year} H{self.index}",
            "year": f"{self.year}",
        }[self.period_type]


_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


def _make(period_type: str, year: int, index: int) -> Period:
    span = _MONTHS[period_type]
    first_month = (index - 1) * span + 1
    start = date(year, first_month, 1)
    end_month = first_month + span
    end = (date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)) - timedelta(1)
    pid = {
        "month": f"{year}-{index:02d}",
        "quarter": f"{year}Q{index}",
        "half_year": f"{year}H{index}",
        "year": f"{year}",
    }[period_type]
    return Period(pid, period_type, year, index, start, end)


def parse_period(text: str) -> Period:
    """``2026Q1`` → the first quarter of 2026, and so on; ValueError if not a period id."""
    patterns = (
        (r"(\d{4})Q([1-4])", "quarter"),
        (r"(\d{4})H([12])", "half_year"),
        (r"(\d{4})-(0[1-9]|1[0-2])", "month"),
        (r"(\d{4})", "year"),
    )
    for pattern, kind in patterns:
        m = re.fullmatch(pattern, text.strip())
        if m:
            index = int(m.group(2)) if m.lastindex == 2 else 1
            return _make(kind, int(m.group(1)), index)
    raise ValueError(f"not a period id: {text!r} (use 2026Q1, 2026H1, 2026-03 or 2026)")


def periods_covering(first: date, last: date) -> list[Period]:
    """Every month, quarter, half-year and year that overlaps [first, last]."""
    out: list[Period] = []
    for kind, span in _MONTHS.items():
        for year in range(first.year, last.year + 1):
            for index in range(1, 12 // span + 1):
                p = _make(kind, year, index)
                if p.end_date >= first and p.start_date <= last:
                    out.append(p)
    return out

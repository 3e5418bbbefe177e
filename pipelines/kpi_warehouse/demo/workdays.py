"""Working-day calendar of the demo: Monday to Friday minus the 2026 public holidays.

The weekend make-up working days (调休上班) are not modelled: a working day is simply a
weekday that is not a public holiday. Years other than 2026 have weekends only.
"""

from __future__ import annotations

from datetime import date, timedelta


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


HOLIDAYS: frozenset[date] = frozenset(
    _span(date(2026, 1, 1), date(2026, 1, 3))  # 元旦
    + _span(date(2026, 2, 15), date(2026, 2, 23))  # 春节
    + _span(date(2026, 4, 4), date(2026, 4, 6))  # 清明节
    + _span(date(2026, 5, 1), date(2026, 5, 5))  # 劳动节
    + _span(date(2026, 6, 19), date(2026, 6, 21))  # 端午节
    + _span(date(2026, 9, 25), date(2026, 9, 27))  # 中秋节
    + _span(date(2026, 10, 1), date(2026, 10, 8))  # 国庆节
)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def working_days(first: date, last: date) -> list[date]:
    """Every working day in [first, last], in order."""
    if last < first:
        return []
    return [d for d in _span(first, last) if is_working_day(d)]


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the one before."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def quarters(start: date, end: date) -> list[tuple[str, date, date]]:
    """The calendar quarters overlapping [start, end] as ``(period_id, first, last)``,
    clipped to [start, end]."""
    out: list[tuple[str, date, date]] = []
    year, q = start.year, (start.month - 1) // 3 + 1
    while True:
        q_first = date(year, 3 * q - 2, 1)
        q_last = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(1)
        if q_first > end:
            break
        out.append((f"{year}Q{q}", max(q_first, start), min(q_last, end)))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


def mondays(start: date, end: date) -> list[date]:
    """Mondays in [start, end] (the first is the first Monday on or after ``start``)."""
    first = start + timedelta(days=(7 - start.weekday()) % 7)
    out: list[date] = []
    while first <= end:
        out.append(first)
        first += timedelta(days=7)
    return out

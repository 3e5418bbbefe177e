"""Shared state and small helpers of the demo generator (no I/O, no clock, no global random)."""

from __future__ import annotations

import bisect
import functools
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .density import DEMO, Density
from .org import Org, Person
from .workdays import quarters, working_days

Row = tuple[object, ...]
Tables = dict[str, list[Row]]


def stream(seed: int, name: str) -> random.Random:
    """An independent, reproducible random stream per concern (string seeds hash with SHA-512,
    so they do not depend on PYTHONHASHSEED)."""
    return random.Random(f"{seed}:{name}")


def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def half(x: float) -> float:
    """Round to a multiple of 0.5 (exact in every float type, also PostgreSQL ``real``)."""
    return round(x * 2) / 2


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


@functools.lru_cache(maxsize=65536)
def ts(day: date, hour: int = 18, minute: int = 0) -> str:
    """ISO timestamp; activity rows use the activity date at 18:00."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00"


def _whole_quarter(day: date) -> tuple[date, date]:
    """First and last day of the calendar quarter containing ``day``."""
    first = date(day.year, day.month - (day.month - 1) % 3, 1)
    last_month = first.month + 2
    nxt = date(day.year + 1, 1, 1) if last_month == 12 else date(day.year, last_month + 1, 1)
    return first, nxt - timedelta(days=1)


def share_of_quarter(ctx: Context, qi: int, days: int) -> float:
    """The fraction of a whole quarter's working days that ``days`` represents."""
    return days / max(1, ctx.quarter_workdays[qi])


@dataclass
class Context:
    """Everything the row builders share."""

    org: Org
    seed: int
    start: date
    end: date
    density: Density = DEMO
    workdays: list[date] = field(init=False)
    quarters: list[tuple[str, date, date]] = field(init=False)
    # person_id -> diligence per quarter (the latent value plus a little quarter noise)
    qdil: dict[str, list[float]] = field(init=False)
    # working days of each whole calendar quarter (rates are "per whole quarter")
    quarter_workdays: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.workdays = working_days(self.start, self.end)
        self.quarters = quarters(self.start, self.end)
        self.quarter_workdays = [
            len(working_days(*_whole_quarter(first))) for _, first, _ in self.quarters
        ]
        rng = stream(self.seed, "quarter-diligence")
        self.qdil = {
            p.person_id: [clamp(p.diligence + rng.gauss(0, 0.06)) for _ in self.quarters]
            for p in self.org.people
        }

    def quarter_index(self, day: date) -> int:
        firsts = [q[1] for q in self.quarters]
        return max(0, bisect.bisect_right(firsts, day) - 1)

    def active_workdays(self, person: Person, first: date, last: date) -> list[date]:
        """The person's working days inside [first, last] and their active window."""
        if person.active_from is None or person.active_to is None:
            return []
        lo = max(first, person.active_from)
        hi = min(last, person.active_to)
        i = bisect.bisect_left(self.workdays, lo)
        j = bisect.bisect_right(self.workdays, hi)
        return self.workdays[i:j]

    def appraisees(self, first: date, last: date) -> list[Person]:
        """People active at some point in [first, last] (long leave excluded)."""
        return [p for p in self.org.people if p.overlaps(first, last)]

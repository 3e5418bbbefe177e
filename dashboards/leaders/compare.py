"""This period against the previous one and the same one last year: which periods, whether
the snapshot has results for them, and why a comparison shows "—"."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboards.i18n import t
from dashboards.leaders import queries
from dashboards.leaders.periods import (
    PeriodRef,
    display_label,
    parse_period,
    period_text,
    previous_period,
    same_period_last_year,
)
from dashboards.snapshot import Snapshot


@dataclass(frozen=True)
class Base:
    """A period to compare with; ``has_data`` False means every change against it is "—"."""

    ref: PeriodRef
    label: str
    has_data: bool


@dataclass(frozen=True)
class Bases:
    current: PeriodRef
    label: str
    previous: Base
    last_year: Base
    earliest: str  # label of the earliest period with results (for the explanation)

    @property
    def both(self) -> tuple[Base, Base]:
        return (self.previous, self.last_year)


def _labels(frame: pd.DataFrame) -> dict[str, str]:
    return {str(row["period_id"]): display_label(row) for row in frame.to_dict("records")}


def bases(snap: Snapshot, period_id: str) -> Bases | None:
    """The comparison periods of a quarter or a year; None for other periods."""
    ref = parse_period(period_id)
    if ref is None:
        return None
    frame = queries.periods(snap)
    labels = _labels(frame)
    with_data = frame[frame["has_data"]]
    same_type = with_data[with_data["period_type"] == ("year" if ref.is_year else "quarter")]
    earliest = same_type.sort_values("start_date")["period_id"].astype(str).tolist()
    has = set(with_data["period_id"].astype(str))

    def base(other: PeriodRef) -> Base:
        return Base(
            other, labels.get(other.period_id) or period_text(other), other.period_id in has
        )

    return Bases(
        ref,
        labels.get(period_id) or period_text(ref),
        base(previous_period(ref)),
        base(same_period_last_year(ref)),
        labels.get(earliest[0], earliest[0]) if earliest else labels.get(period_id, period_id),
    )


def missing_notes(b: Bases) -> list[str]:
    """One sentence per comparison period without results (shown under the "—")."""
    notes = []
    seen: set[str] = set()
    for key, base in (("lead.change.previous", b.previous), ("lead.change.last_year", b.last_year)):
        if base.has_data:
            continue
        which = t(key)
        if base.ref.period_id in seen:  # a year's previous period is also last year's
            which = t("lead.change.both")
            notes[-1] = t(
                "lead.change.missing", which=which, period=base.label, earliest=b.earliest
            )
            continue
        seen.add(base.ref.period_id)
        notes.append(t("lead.change.missing", which=which, period=base.label, earliest=b.earliest))
    return notes

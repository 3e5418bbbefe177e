"""The versions of one spec over time: a period is scored by the version in force on its last
day, so versions must not overlap (error), and should leave no period without a version in
force (warning: nobody the spec covers gets a grade for that period)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from kpi_warehouse.specs.model import Spec
from kpi_warehouse.specs.problems import SpecProblem

_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


def period_ends(period: str, first: date, last: date) -> list[date]:
    """The last days of the spec's periods that fall within [first, last]."""
    span = _MONTHS[period]
    out = []
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        if month % span == 0:
            end = (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(1)
            if first <= end <= last:
                out.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _label(period: str, end: date) -> str:
    index = end.month // _MONTHS[period]
    return {
        "month": f"{end.year}-{end.month:02d}",
        "quarter": f"{end.year}Q{index}",
        "half_year": f"{end.year}H{index}",
        "year": f"{end.year}",
    }[period]


def _labels(period: str, ends: list[date]) -> str:
    text = ", ".join(_label(period, e) for e in ends[:6])
    return text + (f" … (+{len(ends) - 6})" if len(ends) > 6 else "")


def version_problems(
    versions: Sequence[tuple[Path, Spec]], today: date, locate_from: dict[Path, int | None]
) -> list[SpecProblem]:
    """Problems among the versions of one spec_id (``locate_from``: each file's line of
    ``effective_from``)."""
    out: list[SpecProblem] = []
    ordered = sorted(versions, key=lambda fs: fs[1].effective_from)
    spec_id = ordered[0][1].spec_id
    for (f1, a), (f2, b) in zip(ordered, ordered[1:], strict=False):
        if a.effective_to is None or a.effective_to >= b.effective_from:
            out.append(
                SpecProblem(
                    str(f2),
                    locate_from.get(f2),
                    "effective_from",
                    f"“{spec_id}”的版本 {a.version}（{f1.name}）与 {b.version} 生效日期重叠："
                    f"请给旧版本设置 effective_to（早于 {b.effective_from}）",
                    f"versions {a.version} ({f1.name}) and {b.version} of '{spec_id}' overlap: "
                    f"set effective_to on the older one (before {b.effective_from})",
                )
            )
            continue
        gap = period_ends(b.period, a.effective_to + timedelta(1), b.effective_from - timedelta(1))
        if gap:
            out.append(
                SpecProblem(
                    str(f2),
                    locate_from.get(f2),
                    "effective_from",
                    f"“{spec_id}”在 {a.effective_to} 与 {b.effective_from} 之间没有生效的版本："
                    f"{_labels(b.period, gap)} 无人得到等次。若是疏漏，请让两个版本首尾相接",
                    f"no version of '{spec_id}' is in force between {a.effective_to} and "
                    f"{b.effective_from}: nobody gets a grade for {_labels(b.period, gap)}. "
                    "If unintended, make the versions meet",
                    severity="warning",
                )
            )
    for f, s in ordered:
        last = s.effective_to or date.max
        if not period_ends(
            s.period, s.effective_from, min(last, s.effective_from + timedelta(400))
        ):
            out.append(
                SpecProblem(
                    str(f),
                    locate_from.get(f),
                    "effective_from",
                    f"版本 {s.version} 的生效期（{s.effective_from} 至 {s.effective_to}）内没有任何"
                    "考核期结束，它不会用于任何考核期",
                    f"version {s.version} is in force ({s.effective_from} to {s.effective_to}) on "
                    "no period's last day: it scores no period",
                    severity="warning",
                )
            )
    first_file, first = ordered[0]
    current = period_ends(first.period, today, today + timedelta(366))[:1]
    if first.effective_from > today and current and current[0] < first.effective_from:
        out.append(
            SpecProblem(
                str(first_file),
                locate_from.get(first_file),
                "effective_from",
                f"“{spec_id}”最早的版本从 {first.effective_from} 才生效：本期 "
                f"{_label(first.period, current[0])} 及以前没有生效的版本，无人得到等次。"
                "请检查生效日期的年份",
                f"the first version of '{spec_id}' takes effect only on {first.effective_from}: "
                f"the current period {_label(first.period, current[0])} and those before it have "
                "no version in force, so nobody gets a grade. Check the year of effective_from",
                severity="warning",
            )
        )
    return out

"""Tables of the leaders' pages built as DataFrames of display text (pure, testable)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboards.components import fmt_points
from dashboards.i18n import grade_label, is_missing, t
from dashboards.leaders.changes import (
    HEADCOUNT,
    MEAN_TOTAL,
    PAYOUTS,
    UNDETERMINED,
    change,
    fmt_change,
    shown_figures,
)
from dashboards.leaders.compare import Bases


def figure_label(key: str) -> str:
    if key == HEADCOUNT:
        return t("lead.fig.headcount")
    if key == MEAN_TOTAL:
        return t("lead.fig.mean_total")
    if key == PAYOUTS:
        return t("lead.fig.payouts")
    grade = key.removeprefix("grade:")
    return t("lead.fig.grade_count", grade=grade_label(None if grade == UNDETERMINED else grade))


def _value(figs: Mapping[str, float] | None, key: str) -> float | None:
    return None if figs is None else figs.get(key)


def change_table(
    b: Bases,
    current: Mapping[str, float],
    previous: Mapping[str, float] | None,
    last_year: Mapping[str, float] | None,
) -> pd.DataFrame:
    """One row per figure: this period, the previous period and the change, the same period
    last year and the change ("—" where that period has no results)."""
    rows = []
    for key in shown_figures(current, previous, last_year):
        now = _value(current, key)
        row = {t("lead.col.figure"): figure_label(key), b.label: fmt_points(now)}
        for base, figs, which_key, change_key in (
            (b.previous, previous, "lead.change.previous", "lead.col.vs_previous"),
            (b.last_year, last_year, "lead.change.last_year", "lead.col.vs_last_year"),
        ):
            then = _value(figs, key) if base.has_data else None
            row[t("lead.col.then", period=base.label, which=t(which_key))] = fmt_points(then)
            row[t(change_key)] = fmt_change(change(now, then))
        rows.append(row)
    return pd.DataFrame(rows)


def ratio(numerator: object, denominator: object) -> float | None:
    if is_missing(numerator) or is_missing(denominator) or not float(denominator):  # type: ignore[arg-type]
        return None
    return float(numerator) / float(denominator)  # type: ignore[arg-type]


def fmt_ratio(value: float | None, percent: bool = True) -> str:
    if value is None:
        return t("value.none")
    return f"{value * 100:.1f}%" if percent else f"{value:.2f}"


# Case-quality indicators shown in the comparison (per case): id -> shown as a percentage?
CASE_INDICATORS: tuple[tuple[str, bool], ...] = (
    ("case_procedure_ratio", False),
    ("closure_rate", True),
    ("overdue_rate", True),
)
CASES_INDICATOR = "case_procedure_ratio"  # its denominator is the cases (案) concluded


def counterparts_table(
    people: pd.DataFrame,
    payouts: pd.DataFrame,
    case_quality: pd.DataFrame,
    highlight: str | None,
) -> pd.DataFrame:
    """One row per counterpart department: per head (headcount, mean total, 优秀 share,
    payout per head, cases concluded per head) and per case (案-件比, 审结率, 超期率)."""
    rows = []
    order = people.assign(level=(people["procuratorate_level"] != "city").astype(int))
    units = order.drop_duplicates("org_unit_id").sort_values(["level", "procuratorate_name"])
    for unit in units.to_dict("records"):
        staff = people[people["org_unit_id"] == unit["org_unit_id"]]
        heads = len(staff)
        paid = payouts[payouts["org_unit_id"] == unit["org_unit_id"]]["payout"]
        quality = case_quality[case_quality["org_unit_id"] == unit["org_unit_id"]]
        by_indicator = quality.set_index("indicator_id")
        cases = (
            by_indicator.loc[CASES_INDICATOR, "denominator"]
            if CASES_INDICATOR in by_indicator.index
            else None
        )
        name = f"{unit['procuratorate_name']} · {unit['org_unit_name']}"
        if unit["org_unit_id"] == highlight:
            name = t("lead.counterparts.this", name=name)
        row = {
            t("col.department"): name,
            t("lead.fig.headcount"): str(heads),
            t("lead.fig.mean_total"): fmt_points(pd.to_numeric(staff["total"]).mean()),
            t("lead.col.excellent_share"): fmt_ratio(
                ratio((staff["grade"] == "优秀").sum(), heads)
            ),
            t("lead.col.payout_per_head"): fmt_points(
                round(paid.sum() / heads, 2) if heads and not paid.empty else None
            ),
            t("lead.col.cases_per_head"): fmt_ratio(ratio(cases, heads), percent=False),
        }
        for indicator_id, percent in CASE_INDICATORS:
            label = t(f"lead.cq.{indicator_id}")
            if indicator_id in by_indicator.index:
                value = ratio(
                    by_indicator.loc[indicator_id, "numerator"],
                    by_indicator.loc[indicator_id, "denominator"],
                )
            else:
                value = None
            row[label] = fmt_ratio(value, percent)
        rows.append(row)
    return pd.DataFrame(rows)


def grades_text(grades: Sequence[object]) -> str:
    return "、".join(grade_label(g) for g in grades)

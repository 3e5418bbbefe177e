"""Streamlit sections of the leaders' pages: changes, trends, counterparts, unit rankings,
quota use with the bands and quotas explained, and payouts. Each reads through
``dashboards.leaders.queries`` (the scope layer) and draws one titled block."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.components import fmt_points, md_escape, record_table
from dashboards.i18n import category_label, current_language, grade_label, t
from dashboards.leaders import queries
from dashboards.leaders.changes import figures, fmt_change, fmt_rank_move, person_changes
from dashboards.leaders.charts import trend_chart
from dashboards.leaders.compare import Bases, missing_notes
from dashboards.leaders.explain import rules_lines
from dashboards.leaders.periods import PeriodRef, display_label, quarters_of
from dashboards.leaders.quotas import Grading, grading, quota_use
from dashboards.leaders.tables import change_table, counterparts_table
from dashboards.selectors import org_unit_label
from dashboards.snapshot import Snapshot


def period_labels(snap: Snapshot) -> dict[str, str]:
    frame = queries.periods(snap)
    return {str(row["period_id"]): display_label(row) for row in frame.to_dict("records")}


def _label_column() -> str:
    return "label_en" if current_language() == "en" else "label_zh"


def period_payouts(
    snap: Snapshot, ref: PeriodRef, people: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Payout rows of the period's quarters, of ``people`` (their person_id) when given."""
    paid = queries.payouts(snap, quarters_of(ref))
    if people is not None:
        paid = paid[_among(paid["person_id"], set(people["person_id"]))]
    return paid


def _figures(snap: Snapshot, ref: PeriodRef, results: pd.DataFrame) -> dict[str, float] | None:
    paid = period_payouts(snap, ref, results)
    return figures(results, float(paid["payout"].sum()) if not paid.empty else None)


def changes_block(snap: Snapshot, b: Bases, results_of) -> None:
    """The figures of this period beside the previous period and the same period last year.

    ``results_of(period_id)`` gives the person results that count (same filter each time).
    """
    st.subheader(t("lead.changes.title"))
    current = _figures(snap, b.current, results_of(b.current.period_id))
    if current is None:
        return
    bases = [
        _figures(snap, base.ref, results_of(base.ref.period_id)) if base.has_data else None
        for base in b.both
    ]
    record_table(change_table(b, current, bases[0], bases[1]))
    for note in missing_notes(b):
        st.caption(note)


def rules_expander(snap: Snapshot, spec_ids: list[str], annual: bool) -> list[Grading]:
    """The bands, quotas and payouts of the specs behind the figures, explained."""
    specs = queries.specs(snap)
    specs = specs[specs["spec_id"].isin(spec_ids)].drop_duplicates("spec_id")
    gradings = [
        grading(str(r["spec_id"]), str(r["spec_title"]), str(r["spec_json"]), annual)
        for r in specs.to_dict("records")
    ]
    with st.expander(t("lead.rules.title"), icon=":material/help:"):
        if not gradings:
            st.write(t("lead.rules.none"))
        for g in gradings:
            st.markdown(f"**{md_escape(g.title)}**")
            for line in rules_lines(g):
                st.markdown("- " + md_escape(line))
    return gradings


def quota_block(
    snap: Snapshot, ref: PeriodRef, results: pd.DataFrame, population: pd.DataFrame
) -> None:
    """Per spec and quota group: graded headcount, places and places used, beside the
    grade counts; the bands and quotas explained. ``results`` are the people shown;
    ``population`` every result of the period the account sees (a quota counted over the
    whole spec, or over a category, is counted there; groups by department keep only the
    departments of ``results``)."""
    st.subheader(t("lead.quota.title"))
    st.caption(t("lead.quota.hint"))
    gradings = rules_expander(snap, sorted(set(results["spec_id"].dropna())), ref.is_year)
    units = _unit_names(population)
    shown = set(results["org_unit_id"])
    tables = []
    for g in gradings:
        mine = population[population["spec_id"] == g.spec_id]
        for rule in g.quotas:
            use = quota_use(mine, rule)
            if "org_unit_id" in use.columns:
                use = use[_among(use["org_unit_id"], shown)]
            if not use.empty:
                tables.append(_quota_table(g.title, use, units))
    if tables:
        record_table(pd.concat(tables, ignore_index=True))
    else:
        st.caption(t("lead.quota.none"))


def _unit_names(results: pd.DataFrame) -> dict[str, str]:
    """org_unit_id -> "procuratorate · department" of the units in ``results``."""
    units = results.drop_duplicates("org_unit_id")
    return {str(row["org_unit_id"]): org_unit_label(row) for row in units.to_dict("records")}


def _among(column: pd.Series, values: set) -> pd.Series:
    """``column.isin(values)`` done on plain objects: pandas' Arrow strings would make a
    pyarrow scalar of every value (a province's 10 000 people: a tenth of a second)."""
    return column.astype(object).isin(values)


def _labels(values: pd.Series, label) -> list[str]:
    """``label`` of each value, worked out once per distinct value."""
    known = {v: label(v) for v in values.drop_duplicates()}
    return [known[v] for v in values]


def _quota_table(title: str, use: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    """One quota rule's use (``quota_use``) as the block's display rows."""
    parts = []
    if "org_unit_id" in use.columns:
        parts.append(_labels(use["org_unit_id"], lambda u: str(units.get(u, u))))
    if "category" in use.columns:
        parts.append(_labels(use["category"], category_label))
    everyone = t("lead.quota.within.all")
    places = [
        (int(c), fmt_points(share * 100)) for c, share in zip(use["cap"], use["share"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("lead.col.spec"): title,
            t("lead.col.quota_group"): [
                " · ".join(x for x in names if x) or everyone for names in zip(*parts, strict=True)
            ]
            if parts
            else everyone,
            t("col.grade"): _labels(use["grade"], grade_label),
            t("lead.col.graded"): use["headcount"].astype(int).astype(str).tolist(),
            t("lead.col.quota"): _labels(
                pd.Series(places), lambda p: t("lead.quota.places", cap=p[0], pct=p[1])
            ),
            t("lead.col.used"): use["used"].astype(int).astype(str).tolist(),
            t("lead.col.left"): (use["cap"] - use["used"]).astype(int).astype(str).tolist(),
        }
    )


def trend_block(frame: pd.DataFrame, series: str, title: str, series_title: str, key: str) -> None:
    """A line per ``series`` of mean totals over the quarters (``frame`` from quarterly
    means or a person's history, with a ``value`` column)."""
    st.subheader(title)
    if frame.empty:
        st.caption(t("lead.trend.none"))
        return
    chart = pd.DataFrame(
        {"period": frame[_label_column()], "value": frame["value"], "series": frame[series]}
    )
    st.altair_chart(trend_chart(chart, series_title), key=key)
    if chart["period"].nunique() < 2:
        st.caption(t("lead.trend.one_period"))


def procuratorate_trend(snap: Snapshot) -> None:
    means = queries.quarterly_means(snap)
    weighted = means.assign(points=means["mean_total"] * means["headcount"])
    keys = ["period_id", "label_zh", "label_en", "start_date", "procuratorate_name"]
    frame = weighted.groupby(keys, as_index=False)[["points", "headcount"]].sum()
    frame["value"] = frame["points"] / frame["headcount"]
    frame = frame.sort_values(["start_date", "procuratorate_name"])
    trend_block(
        frame,
        "procuratorate_name",
        t("lead.trend.units"),
        t("filter.procuratorate"),
        "lead.trend.units",
    )


def department_trend(snap: Snapshot, org_unit_id: str, dept_key: str | None) -> None:
    """This department's mean total per quarter beside its counterparts'."""
    means = queries.quarterly_means(snap)
    units = set(counterpart_units(snap, org_unit_id, dept_key))
    frame = means[means["org_unit_id"].isin(units)].copy()
    frame["value"] = frame["mean_total"]
    frame["unit"] = frame["procuratorate_name"]
    trend_block(
        frame, "unit", t("lead.trend.department"), t("filter.procuratorate"), "lead.trend.dept"
    )


def counterpart_units(snap: Snapshot, org_unit_id: str, dept_key: str | None) -> list[str]:
    from dashboards.queries import org_units

    units = org_units(snap)
    if dept_key:
        return units.loc[units["dept_key"] == dept_key, "org_unit_id"].tolist()
    return [org_unit_id]


def person_trend(snap: Snapshot, person_id: str, name: str) -> None:
    history = queries.person_history(snap, person_id)
    frame = history.assign(value=history["total"], who=name)
    trend_block(frame, "who", t("lead.trend.person"), t("col.name"), "lead.trend.person")


def counterparts_block(
    snap: Snapshot, ref: PeriodRef, org_unit_id: str, dept_key: str | None
) -> None:
    """The department beside the same department of the other procuratorates."""
    st.subheader(t("lead.counterparts.title"))
    st.caption(t("lead.counterparts.hint"))
    if not dept_key:
        st.caption(t("lead.counterparts.none"))
        return
    people = queries.counterparts(snap, ref.period_id, dept_key)
    if people.empty:
        st.caption(t("lead.counterparts.none"))
        return
    paid = period_payouts(snap, ref, people)
    quality = queries.case_quality(snap, quarters_of(ref), dept_key)
    record_table(counterparts_table(people, paid, quality, org_unit_id))


def unit_rankings_block(
    snap: Snapshot, period_id: str, dept_key: str | None = None, procuratorate_id: str | None = None
) -> None:
    """Departments appraised by their upper counterparts: rank, total and grade."""
    st.subheader(t("lead.rankings.title"))
    st.caption(t("lead.rankings.hint"))
    frame = queries.unit_rankings(snap, period_id)
    if dept_key is not None:
        frame = frame[frame["dept_key"] == dept_key]
    if procuratorate_id is not None:
        frame = frame[frame["procuratorate_id"] == procuratorate_id]
    if frame.empty:
        st.caption(t("lead.rankings.none"))
        return
    table = pd.DataFrame(
        {
            t("col.department"): frame["org_unit_name"],
            t("filter.procuratorate"): frame["procuratorate_name"],
            t("col.rank"): [
                t("person.rank_value", rank=fmt_points(r), size=fmt_points(n))
                for r, n in zip(
                    frame["rank_among_counterparts"], frame["counterparts"], strict=True
                )
            ],
            t("col.total"): [fmt_points(v) for v in frame["total"]],
            t("col.grade"): [grade_label(g) for g in frame["grade"]],
        }
    )
    record_table(table)


def payouts_by_department(snap: Snapshot, ref: PeriodRef, results: pd.DataFrame) -> None:
    st.subheader(t("lead.payouts.title"))
    paid = period_payouts(snap, ref, results)
    if paid.empty:
        st.caption(t("lead.payouts.none"))
        return
    names = _unit_names(results)
    sums = paid.groupby("org_unit_id")["payout"].agg(["sum", "count"]).reset_index()
    heads = results.groupby("org_unit_id")["person_id"].nunique().to_dict()
    units = sums["org_unit_id"].tolist()
    table = pd.DataFrame(
        {
            t("col.department"): [names.get(u, u) for u in units],
            t("lead.fig.headcount"): [str(heads.get(u, 0)) for u in units],
            t("lead.fig.payouts"): [fmt_points(v) for v in sums["sum"]],
            t("lead.col.payout_per_head"): [
                fmt_points(round(s / heads[u], 2)) if heads.get(u) else t("value.none")
                for s, u in zip(sums["sum"], units, strict=True)
            ],
        }
    )
    record_table(table)


def department_person_changes(b: Bases, staff: pd.DataFrame, snap: Snapshot) -> None:
    """Each person's total and rank beside the previous period and the same one last year,
    highest total first."""
    st.subheader(t("lead.people_changes.title"))
    base_frames = [
        queries.person_results(snap, base.ref.period_id, None) if base.has_data else None
        for base in b.both
    ]
    ordered = staff.sort_values(["total", "person_name"], ascending=[False, True])
    merged = person_changes(ordered, base_frames)
    paid = period_payouts(snap, b.current, staff).groupby("person_id")["payout"].sum()
    table = pd.DataFrame(
        {
            t("col.name"): merged["person_name"],
            t("col.total"): [fmt_points(v) for v in merged["total"]],
            t("lead.col.total_vs_previous"): [fmt_change(v) for v in merged["total_change_0"]],
            t("lead.col.total_vs_last_year"): [fmt_change(v) for v in merged["total_change_1"]],
            t("col.rank"): [
                t("person.rank_value", rank=fmt_points(r), size=fmt_points(n))
                for r, n in zip(merged["rank_in_category"], merged["category_size"], strict=True)
            ],
            t("lead.col.rank_vs_previous"): [fmt_rank_move(v) for v in merged["rank_move_0"]],
            t("col.grade"): [grade_label(g) for g in merged["grade"]],
            t("lead.col.grade_previous"): [
                grade_label(g) if has else t("value.none")
                for g, has in zip(merged["grade_0"], merged["has_0"], strict=True)
            ],
            t("lead.fig.payouts"): [fmt_points(paid.get(p)) for p in merged["person_id"]],
        }
    )
    record_table(table)


def person_change_block(snap: Snapshot, b: Bases, person_id: str, result: pd.Series) -> None:
    """The person's total, rank and grade against the previous period and last year."""
    st.subheader(t("lead.changes.title"))
    rows = []
    for base, key in ((b.previous, "lead.change.previous"), (b.last_year, "lead.change.last_year")):
        then = None
        if base.has_data:
            frame = queries.person_results(snap, base.ref.period_id, None)
            match = frame[frame["person_id"] == person_id]
            then = match.iloc[0] if not match.empty else None
        rows.append(
            {
                t("lead.col.compared_with"): f"{t(key)}（{base.label}）"
                if current_language() == "zh"
                else f"{t(key)} ({base.label})",
                t("col.total"): fmt_points(None if then is None else then["total"]),
                t("lead.col.total_change"): fmt_change(
                    None if then is None else result["total"] - then["total"]
                ),
                t("col.rank"): t(
                    "person.rank_value",
                    rank=fmt_points(then["rank_in_category"]),
                    size=fmt_points(then["category_size"]),
                )
                if then is not None
                else t("value.none"),
                t("lead.col.rank_move"): fmt_rank_move(
                    None
                    if then is None
                    else float(then["rank_in_category"]) - float(result["rank_in_category"])
                ),
                t("col.grade"): grade_label(then["grade"]) if then is not None else t("value.none"),
            }
        )
    record_table(pd.DataFrame(rows))
    for note in missing_notes(b):
        st.caption(note)


def person_payouts(snap: Snapshot, ref: PeriodRef, person_id: str) -> None:
    st.subheader(t("lead.payouts.person"))
    paid = queries.payouts(snap, quarters_of(ref))
    paid = paid[paid["person_id"] == person_id].sort_values("period_id")
    if paid.empty:
        st.caption(t("lead.payouts.none"))
        return
    labels = period_labels(snap)
    table = pd.DataFrame(
        {
            t("filter.period"): [labels.get(p, p) for p in paid["period_id"]],
            t("col.grade"): [grade_label(g) for g in paid["grade"]],
            t("lead.col.payout"): [fmt_points(v) for v in paid["payout"]],
            t("lead.col.payout_ytd"): [fmt_points(v) for v in paid["payout_year_to_date"]],
        }
    )
    record_table(table)


def annual_quarters(snap: Snapshot, period_id: str, person_id: str) -> None:
    """Under a year's result: the quarterly grades the annual grade was built from."""
    rows = queries.annual_result(snap, period_id, person_id)
    if rows.empty:
        return
    row = rows.iloc[0]
    grades = [
        t("value.none") if g == "—" else grade_label(g)
        for g in str(row["quarter_grades"] or "").split("、")
        if g
    ]
    st.caption(
        t(
            "lead.annual.quarters",
            n=int(row["quarters_appraised"]),
            grades=t("lead.sep").join(grades) or t("value.none"),
            excellent=int(row["excellent_quarters"]),
            unsatisfactory=int(row["unsatisfactory_quarters"]),
        )
    )

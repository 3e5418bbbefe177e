"""绩效分析 / Performance mining: what drives grades, rater leniency (aggregated), who moved,
and the data coverage of each indicator — one tab and one plot each, from the mining marts
(fct_indicator_driver, fct_rater_leniency, fct_result_movement, fct_indicator_coverage)
read through the scope layer. Ratings appear only as the marts' aggregates: groups of fewer
than three raters are withheld there, and shown here as withheld."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import mining_charts, mining_queries, nav
from dashboards.components import Column, fmt_points, link_table, record_table, text_cell
from dashboards.i18n import grade_label, is_missing, t
from dashboards.selectors import org_unit_label, select_period, select_procuratorate
from dashboards.snapshot import Snapshot, current_snapshot

LINKED_ROWS = 30  # sharp moves listed with links to the person; the rest in a plain table
LOW_COVERAGE = 0.5
CHART_ROWS = 20  # the least covered indicators are plotted; the table lists them all


def pct(value: object) -> str:
    return t("value.none") if is_missing(value) else f"{100 * float(value):.1f}%"  # type: ignore[arg-type]


def num(value: object, digits: int = 2) -> str:
    return t("value.none") if is_missing(value) else f"{float(value):.{digits}f}"  # type: ignore[arg-type]


def signed(value: object) -> str:
    return t("value.none") if is_missing(value) else f"{float(value):+.2f}"  # type: ignore[arg-type]


def direction(row: dict) -> str:
    return label_of("direction", row["direction"])


def label_of(prefix: str, value: object) -> str:
    """``mining.<prefix>.<value>`` when the catalogue has it, else the value itself."""
    key = f"mining.{prefix}.{value}"
    text = t(key)
    return str(value) if text == key else text


def drivers_tab(snap: Snapshot, period_id: str, procuratorate_id: str | None) -> None:
    st.caption(t("mining.drivers.help"))
    frame = mining_queries.drivers(snap, period_id, procuratorate_id)
    if frame.empty:
        st.info(t("mining.drivers.none"))
        return
    ranked = mining_queries.ranked_drivers(frame)
    top = ranked[(ranked["position"] == 1) & (ranked["score"] > 0)]
    order = {unit: i for i, unit in enumerate(frame["org_unit_id"].unique())}  # city first
    top = top.assign(unit_order=top["org_unit_id"].map(order))
    top = top.sort_values(["unit_order", "spec_id"], kind="stable")
    st.subheader(t("mining.drivers.top"))
    if top.empty:
        st.info(t("mining.drivers.no_spread"))
    else:
        record_table(
            pd.DataFrame(
                {
                    t("mining.col.department"): [org_unit_label(r) for _, r in top.iterrows()],
                    t("mining.col.indicator"): top["indicator_name"],
                    t("mining.col.appraisees"): top["appraisees"],
                    t("mining.col.driver_score"): [num(v, 3) for v in top["score"]],
                    t("mining.col.variance_share"): [pct(v) for v in top["variance_share"]],
                    t("mining.col.gap"): [fmt_points(v) for v in top["top_grade_gap"]],
                }
            )
        )
    flat = frame["org_unit_id"].nunique() - top["org_unit_id"].nunique()
    if flat:
        st.caption(t("mining.drivers.flat", n=flat))
    st.subheader(t("mining.drivers.detail"))
    units = frame.drop_duplicates("org_unit_id")
    labels = {str(r["org_unit_id"]): org_unit_label(r) for _, r in units.iterrows()}
    org_unit_id = nav.url_select(
        nav.ORG_UNIT, t("filter.org_unit"), list(labels), labels.__getitem__
    )
    if org_unit_id is None:
        return
    detail = ranked[ranked["org_unit_id"] == org_unit_id]
    st.altair_chart(mining_charts.driver_bars(detail))
    record_table(
        pd.DataFrame(
            {
                t("mining.col.driver_rank"): detail["position"],
                t("mining.col.indicator"): detail["indicator_name"],
                t("mining.col.driver_score"): [num(v, 3) for v in detail["score"]],
                t("mining.col.variance_share"): [pct(v) for v in detail["variance_share"]],
                t("mining.col.correlation"): [num(v) for v in detail["correlation_with_total"]],
                t("mining.col.mean_points"): [fmt_points(v) for v in detail["mean_points"]],
                t("mining.col.max_points"): [fmt_points(v) for v in detail["max_points"]],
                t("mining.col.top_mean"): [fmt_points(v) for v in detail["mean_points_top_grade"]],
                t("mining.col.other_mean"): [
                    fmt_points(v) for v in detail["mean_points_other_grades"]
                ],
                t("mining.col.gap"): [fmt_points(v) for v in detail["top_grade_gap"]],
            }
        )
    )


def leniency_tab(snap: Snapshot, period_id: str, procuratorate_id: str | None) -> None:
    st.caption(t("mining.leniency.help"))
    frame = mining_queries.leniency(snap, period_id, procuratorate_id)
    if frame.empty:
        st.info(t("mining.no_data"))
        return
    frame = frame.assign(level_label=[label_of("rater_level", v) for v in frame["rater_level"]])
    published = frame[~frame["is_suppressed"].astype(bool)]
    if not published.empty:
        st.subheader(t("mining.leniency.chart"))
        st.altair_chart(mining_charts.leniency_bars(published))
    withheld = t("mining.leniency.suppressed")

    def measure(row: pd.Series, column: str) -> str:
        return withheld if bool(row["is_suppressed"]) else num(row[column])

    rows = list(frame.iterrows())
    record_table(
        pd.DataFrame(
            {
                t("mining.col.procuratorate"): frame["procuratorate_name"],
                t("mining.col.rater_level"): frame["level_label"],
                t("mining.col.raters"): frame["raters"],
                t("mining.col.mean_score"): [measure(r, "mean_score") for _, r in rows],
                t("mining.col.mean_leniency"): [measure(r, "mean_leniency") for _, r in rows],
                t("mining.col.leniency_spread"): [measure(r, "leniency_spread") for _, r in rows],
                t("mining.col.mean_abs_deviation"): [
                    measure(r, "mean_abs_deviation") for _, r in rows
                ],
            }
        )
    )


def movement_tab(snap: Snapshot, period_id: str, procuratorate_id: str | None) -> None:
    st.caption(t("mining.movement.help"))
    frame = mining_queries.movements(snap, period_id, procuratorate_id)
    cells = st.columns(4)
    cells[0].metric(t("mining.movement.metric.sharp"), len(frame))
    cells[1].metric(t("mining.movement.metric.up"), int((frame["direction"] == "up").sum()))
    cells[2].metric(t("mining.movement.metric.down"), int((frame["direction"] == "down").sum()))
    cells[3].metric(
        t("mining.movement.metric.grade_changed"), int(frame["grade_changed"].astype(bool).sum())
    )
    if frame.empty:
        st.info(t("mining.movement.none"))
        return
    chart = frame.assign(
        label=[f"{r['person_name']}（{r['org_unit_name']}）" for _, r in frame.iterrows()]
    )
    st.altair_chart(mining_charts.movement_bars(chart))

    def person_link(row: dict) -> None:
        params = {nav.PERIOD: period_id, nav.PERSON: row["appraisee_id"]}
        nav.page_link(nav.PERSON_PAGE, row["person_name"] or row["appraisee_id"], params)

    cell = text_cell
    columns = [
        Column(t("mining.col.person"), 1.4, person_link),
        Column(t("mining.col.department"), 2.2, cell(org_unit_label)),
        Column(t("mining.col.previous_period"), 1, cell(lambda r: r["previous_period_id"])),
        Column(t("mining.col.previous_total"), 1, cell(lambda r: fmt_points(r["previous_total"]))),
        Column(t("mining.col.total"), 1, cell(lambda r: fmt_points(r["total"]))),
        Column(t("mining.col.total_change"), 1, cell(lambda r: signed(r["total_change"]))),
        Column(t("mining.col.previous_grade"), 1, cell(lambda r: grade_label(r["previous_grade"]))),
        Column(t("mining.col.grade"), 1, cell(lambda r: grade_label(r["grade"]))),
        Column(t("mining.col.direction"), 0.8, cell(direction)),
    ]
    link_table(columns, frame.head(LINKED_ROWS).to_dict("records"))
    rest = frame.iloc[LINKED_ROWS:]
    if not rest.empty:
        record_table(
            pd.DataFrame(
                {
                    t("mining.col.person"): rest["person_name"],
                    t("mining.col.department"): [org_unit_label(r) for _, r in rest.iterrows()],
                    t("mining.col.total_change"): [signed(v) for v in rest["total_change"]],
                }
            )
        )


def coverage_tab(snap: Snapshot, period_id: str) -> None:
    st.caption(t("mining.coverage.help"))
    frame = mining_queries.coverage(snap, period_id)
    if frame.empty:
        st.info(t("mining.no_data"))
        return
    low = frame[frame["coverage"] < LOW_COVERAGE]
    st.metric(t("mining.coverage.low"), f"{len(low)} / {len(frame)}")
    chart = frame.assign(
        label=[f"{r['spec_id']} · {r['indicator_name']}" for _, r in frame.iterrows()],
        coverage_pct=(100 * frame["coverage"]).round(1),
        system_label=[label_of("source_system", v) for v in frame["source_system"]],
    )
    st.subheader(t("mining.coverage.chart", n=min(CHART_ROWS, len(chart))))
    st.altair_chart(mining_charts.coverage_bars(chart.head(CHART_ROWS)))
    record_table(
        pd.DataFrame(
            {
                t("mining.col.spec"): frame["spec_id"],
                t("mining.col.indicator"): frame["indicator_name"],
                t("mining.col.source"): frame["source"],
                t("mining.col.source_system"): chart["system_label"],
                t("mining.col.appraisees"): frame["appraisees"],
                t("mining.col.with_records"): frame["appraisees_with_records"],
                t("mining.col.coverage"): [pct(v) for v in frame["coverage"]],
                t("mining.col.records"): frame["records"],
            }
        )
    )


def main() -> None:
    snap = current_snapshot()
    if snap is None:
        return
    st.title(t("mining.title"))
    st.caption(t("mining.caption"))
    left, right = st.columns(2)
    with left:
        period_id = select_period(snap)
    with right:
        procuratorate_id = select_procuratorate(snap)
    if period_id is None:
        return
    drivers, leniency, movement, coverage = st.tabs(
        [t("mining.tab.drivers"), t("mining.tab.leniency"), t("mining.tab.movement"),
         t("mining.tab.coverage")]
    )  # fmt: skip
    with drivers:
        drivers_tab(snap, period_id, procuratorate_id)
    with leniency:
        leniency_tab(snap, period_id, procuratorate_id)
    with movement:
        movement_tab(snap, period_id, procuratorate_id)
    with coverage:
        coverage_tab(snap, period_id)


main()

"""Re-scored periods on the person and department pages: the mark, when and why, and the
earlier result (as the period was closed) beside the new one.

The earlier results come from the snapshot's ``fct_rescored_appraisal`` (written by the
publish step from the reopened period's archive), read through the scope layer like
``fct_appraisal``: an earlier result shows to exactly those who may see the result. A
snapshot published before the table existed simply shows no mark.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import queries
from dashboards.components import fmt_datetime, fmt_points, md_escape, text_or_dash
from dashboards.i18n import grade_label, is_missing, t
from dashboards.snapshot import Snapshot, fetch_df

TABLE = "fct_rescored_appraisal"
_cached = st.cache_data(ttl=queries.CACHE_TTL_SECONDS, show_spinner=False)


def _available(snap: Snapshot) -> bool:
    return TABLE in queries.table_catalogue(snap)


@_cached
def earlier(snap: Snapshot, period_id: str, appraisee_type: str, appraisee_id: str) -> pd.DataFrame:
    """The earlier result(s) of one appraisee in a re-scored period, newest version first."""
    if not _available(snap):
        return pd.DataFrame()
    sql = f"""
        SELECT spec_id, spec_version, total, rank_in_category, category_size, grade,
               closed_at, closed_by, reopened_at, reopened_by, reopen_reason
        FROM {TABLE}
        WHERE period_id = ? AND appraisee_type = ? AND appraisee_id = ?
        ORDER BY spec_version DESC, spec_id
    """
    return fetch_df(snap, sql, [period_id, appraisee_type, appraisee_id])


@_cached
def department_changes(snap: Snapshot, period_id: str, org_unit_id: str) -> pd.DataFrame:
    """The department's people with their earlier and new totals and grades, when the
    period was re-scored (empty otherwise)."""
    if not _available(snap):
        return pd.DataFrame()
    sql = f"""
        WITH e AS (
            SELECT * FROM {TABLE}
            WHERE period_id = ? AND appraisee_type = 'person' AND org_unit_id = ?),
        n AS (
            SELECT * FROM fct_appraisal
            WHERE period_id = ? AND appraisee_type = 'person' AND org_unit_id = ?)
        SELECT coalesce(e.appraisee_id, n.appraisee_id) AS person_id,
               coalesce(p.person_name, e.appraisee_id, n.appraisee_id) AS person_name,
               e.total AS earlier_total, e.grade AS earlier_grade,
               n.total AS now_total, n.grade AS now_grade,
               e.closed_at, e.closed_by, e.reopened_at, e.reopened_by, e.reopen_reason
        FROM e FULL JOIN n ON n.appraisee_id = e.appraisee_id AND n.spec_id = e.spec_id
        LEFT JOIN dim_person p ON p.person_id = coalesce(e.appraisee_id, n.appraisee_id)
        WHERE EXISTS (SELECT 1 FROM e)
        ORDER BY e.total DESC NULLS LAST, n.total DESC NULLS LAST, person_name
    """
    return fetch_df(snap, sql, [period_id, org_unit_id, period_id, org_unit_id])


def mark(period_id: str, row: pd.Series) -> None:
    """The clear mark: re-scored, with when, by whom and why."""
    detail = t(
        "rescored.detail",
        period=period_id,
        closed_at=fmt_datetime(row["closed_at"]),
        closed_by=text_or_dash(row["closed_by"]),
        reopened_at=fmt_datetime(row["reopened_at"]),
        reopened_by=text_or_dash(row["reopened_by"]),
        reason=text_or_dash(row["reopen_reason"]),
    )
    st.warning(
        f"**{md_escape(t('rescored.mark'))}** · {md_escape(detail)}", icon=":material/history:"
    )


def _rank(row: pd.Series | None) -> str:
    if row is None or is_missing(row["rank_in_category"]):
        return t("value.none")
    return t(
        "person.rank_value",
        rank=fmt_points(row["rank_in_category"]),
        size=fmt_points(row["category_size"]),
    )


def person_block(
    snap: Snapshot, period_id: str, appraisee_type: str, appraisee_id: str, now: pd.Series | None
) -> None:
    """On a scorecard: the mark and the earlier total, rank, grade and version beside the
    new ones (``now`` is the current fct_appraisal row, None when there is none)."""
    rows = earlier(snap, period_id, appraisee_type, appraisee_id)
    if rows.empty:
        return
    before = rows.iloc[0]
    mark(period_id, before)

    def grade(row: pd.Series | None) -> str:
        return t("value.none") if row is None else grade_label(row["grade"])

    def value(row: pd.Series | None, column: str) -> str:
        return t("value.none") if row is None else text_or_dash(row[column])

    def points(row: pd.Series | None) -> str:
        return t("value.none") if row is None else fmt_points(row["total"])

    table = pd.DataFrame(
        {
            t("rescored.col.item"): [
                t("rescored.row.total"),
                t("rescored.row.rank"),
                t("rescored.row.grade"),
                t("rescored.row.version"),
            ],
            t("rescored.col.earlier"): [
                points(before),
                _rank(before),
                grade(before),
                value(before, "spec_version"),
            ],
            t("rescored.col.now"): [
                points(now),
                _rank(now),
                grade(now),
                value(now, "spec_version"),
            ],
        }
    )
    st.table(table.set_index(t("rescored.col.item")))


def department_block(snap: Snapshot, period_id: str, org_unit_id: str) -> None:
    """On a department page: the mark and each person's earlier and new total and grade."""
    rows = department_changes(snap, period_id, org_unit_id)
    if rows.empty:
        return
    st.subheader(t("rescored.department.title"))
    mark(period_id, rows.dropna(subset=["reopened_at"]).iloc[0])
    table = pd.DataFrame(
        {
            t("rescored.col.name"): rows["person_name"].map(text_or_dash),
            t("rescored.col.earlier_total"): rows["earlier_total"].map(fmt_points),
            t("rescored.col.earlier_grade"): [
                t("value.none") if is_missing(e) else grade_label(g)
                for e, g in zip(rows["earlier_total"], rows["earlier_grade"], strict=True)
            ],
            t("rescored.col.now_total"): rows["now_total"].map(fmt_points),
            t("rescored.col.now_grade"): [
                t("value.none") if is_missing(n) else grade_label(g)
                for n, g in zip(rows["now_total"], rows["now_grade"], strict=True)
            ],
        }
    )
    st.table(table.set_index(t("rescored.col.name")))

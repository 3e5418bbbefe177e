"""The selectors the pages share (period, procuratorate, department, person), URL-bound."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboards import nav, queries
from dashboards.i18n import period_label, t
from dashboards.leaders import queries as leader_queries
from dashboards.leaders.periods import display_label
from dashboards.snapshot import Snapshot


def _labels(frame: pd.DataFrame, key: str, label: str) -> dict[str, str]:
    return dict(zip(frame[key].astype(str), frame[label].astype(str), strict=True))


def select_period(snap: Snapshot, clears: Sequence[str] = ()) -> str | None:
    """Quarter selector, newest first."""
    frame = queries.periods(snap)
    labels = {str(row["period_id"]): period_label(row) for row in frame.to_dict("records")}
    return nav.url_select(
        nav.PERIOD, t("filter.period"), list(labels), labels.__getitem__, clears=clears
    )


def select_procuratorate(snap: Snapshot) -> str | None:
    """Procuratorate selector; returns None for "all procuratorates"."""
    frame = queries.procuratorates(snap)
    labels = {nav.ALL: t("filter.all_procuratorates")}
    labels.update(_labels(frame, "procuratorate_id", "procuratorate_name"))
    chosen = nav.url_select(
        nav.PROCURATORATE, t("filter.procuratorate"), list(labels), labels.__getitem__
    )
    return None if chosen in (None, nav.ALL) else chosen


def org_unit_label(row: pd.Series | dict) -> str:
    return f"{row['procuratorate_name']} · {row['org_unit_name']}"


def select_org_unit(snap: Snapshot, period_id: str) -> str | None:
    """Departments with results in the period (plus the one in the URL, if it exists)."""
    frame = queries.org_units(snap)
    wanted = set(queries.org_units_with_results(snap, period_id))
    wanted.add(nav.param(nav.ORG_UNIT) or "")
    if wanted & set(frame["org_unit_id"]):
        frame = frame[frame["org_unit_id"].isin(wanted)]
    labels = {str(row["org_unit_id"]): org_unit_label(row) for row in frame.to_dict("records")}
    return nav.url_select(nav.ORG_UNIT, t("filter.org_unit"), list(labels), labels.__getitem__)


def select_person(snap: Snapshot, period_id: str, clears: Sequence[str] = ()) -> str | None:
    """Everyone appraised in the period whose scorecard the account may open, shown as
    "name (procuratorate · department)"."""
    frame = queries.appraised_people(snap, period_id)
    frame = frame[frame["person_id"].isin(queries.scorecard_people(snap))]
    labels = {
        str(row["person_id"]): t(
            "filter.person_option", name=row["person_name"], unit=org_unit_label(row)
        )
        for row in frame.to_dict("records")
    }
    in_unit = frame.loc[frame["org_unit_id"] == nav.param(nav.ORG_UNIT), "person_id"]
    default = str(in_unit.iloc[0]) if not in_unit.empty else None  # first of the department
    return nav.url_select(
        nav.PERSON,
        t("filter.person"),
        list(labels),
        labels.__getitem__,
        default=default,
        clears=clears,
    )


def _link_out_of_range(name: str, options: Sequence[str], message_key: str) -> bool:
    """True (after saying so) when the link names a ``name`` that is not among ``options``:
    the page then shows nothing rather than something else."""
    wanted = nav.param(name)
    if wanted is None or wanted in options:
        return False
    st.warning(t(message_key, value=wanted), icon=":material/link_off:")
    return True


def select_period_or_year(snap: Snapshot, clears: Sequence[str] = ()) -> str | None:
    """Quarters and years with results (each year before its quarters), the newest quarter
    chosen unless the URL names another; a period without results in the link is said so."""
    frame = leader_queries.periods(snap)
    frame = frame[frame["has_data"]]
    labels = {str(row["period_id"]): display_label(row) for row in frame.to_dict("records")}
    if _link_out_of_range(nav.PERIOD, list(labels), "lead.link.period"):
        return None
    quarters = frame.loc[frame["period_type"] == "quarter", "period_id"].astype(str)
    return nav.url_select(
        nav.PERIOD,
        t("lead.filter.period"),
        list(labels),
        labels.__getitem__,
        default=quarters.iloc[0] if not quarters.empty else None,
        clears=clears,
    )


def select_person_in_period(
    snap: Snapshot, period_id: str, clears: Sequence[str] = ()
) -> str | None:
    """Like ``select_person``; a person in the link without a result in the period (or one
    whose scorecard the account may not open) is said so instead of showing another."""
    frame = queries.appraised_people(snap, period_id)
    people = set(frame["person_id"]) & set(queries.scorecard_people(snap))
    if _link_out_of_range(nav.PERSON, sorted(people), "lead.link.person"):
        return None
    return select_person(snap, period_id, clears)

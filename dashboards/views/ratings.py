"""评议 / Ratings: my ballots in open campaigns (one per ratee, changeable until the
deadline, abstaining allowed); for a department's liaison, the appraisal office and admins,
the campaigns they run with the turnout per level (counts only), closing after the
deadline, and opening a new one. Every act goes through
``kpi_warehouse.store.participation.campaigns`` (the same functions as ``kpi rating``)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from dashboards import session
from dashboards.components import record_table
from dashboards.i18n import t
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.participation import campaigns, org, tiers
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.roles import Role

NOT_YET = "__not_yet__"
ABSTAIN = "__abstain__"
ERRORS = (NotAllowed, campaigns.CampaignError, tiers.NoTiers, ValueError)


def level_label(level: str) -> str:
    key = f"rate.level.{level}"
    text = t(key)
    return level if text == key else text


def _current(row: dict[str, object]) -> str:
    if row["abstained"]:
        return ABSTAIN
    if row["choice"]:
        return str(row["choice"])
    return NOT_YET


def _ballot_form(
    account: AccountView, directory: org.Directory, campaign_id: str, rows: list[dict[str, object]]
) -> None:
    first = rows[0]
    unit = directory.units.get(str(first["org_unit_id"]))
    st.markdown(
        "**"
        + t(
            "rate.campaign",
            period=first["period_id"],
            unit=unit.name if unit else "",
            deadline=f"{first['deadline']:%Y-%m-%d %H:%M}",
        )
        + "**"
    )
    scale = json.loads(str(first["scale"])) if first["scale"] else None
    levels = json.loads(str(first["levels"]))
    wanted: dict[str, tuple[str | None, float | None, bool]] = {}
    with st.form(f"ballots.{campaign_id}"):
        for row in rows:
            ratee = str(row["ratee_id"])
            name, level = directory.name(ratee), level_label(str(row["rater_level"]))
            if scale:
                options = [NOT_YET, *scale, ABSTAIN]
                pick = st.selectbox(
                    t("rate.choice_label", name=name, level=level),
                    options,
                    index=options.index(_current(row)),
                    format_func=lambda o: (
                        t("rate.not_yet")
                        if o == NOT_YET
                        else t("rate.abstain")
                        if o == ABSTAIN
                        else o
                    ),
                    key=f"ballot.{campaign_id}.{ratee}",
                )
                if pick != _current(row) and pick != NOT_YET:
                    wanted[ratee] = (None if pick == ABSTAIN else pick, None, pick == ABSTAIN)
            else:
                top = float(levels[str(row["rater_level"])])
                cells = st.columns([3, 1], vertical_alignment="bottom")
                value = cells[0].number_input(
                    t("rate.score_label", name=name, level=level, top=f"{top:g}"),
                    min_value=0.0,
                    max_value=top,
                    step=1.0,
                    value=None if row["score"] is None else float(row["score"]),
                    key=f"ballot.{campaign_id}.{ratee}",
                )
                abstain = cells[1].checkbox(
                    t("rate.abstain_label", name=name),
                    value=bool(row["abstained"]),
                    key=f"abstain.{campaign_id}.{ratee}",
                )
                if abstain and not row["abstained"]:
                    wanted[ratee] = (None, None, True)
                elif (
                    not abstain
                    and value is not None
                    and (row["abstained"] or row["score"] is None or float(row["score"]) != value)
                ):
                    wanted[ratee] = (None, float(value), False)
        saved = st.form_submit_button(t("rate.save"), type="primary")
    if saved:
        try:
            for ratee, (choice, score, abstain) in wanted.items():
                campaigns.cast(account, campaign_id, ratee, choice, score, abstain)
        except ERRORS as exc:
            st.error(str(exc))
            return
        st.session_state["rate.flash"] = t("rate.saved", n=len(wanted))
        st.rerun()


def my_ballots(account: AccountView, directory: org.Directory) -> None:
    st.subheader(t("rate.mine"))
    st.caption(t("rate.secret"))
    rows = campaigns.my_ballots(account)
    if not rows:
        st.info(t("rate.mine.none"))
        return
    by_campaign: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_campaign.setdefault(str(row["campaign_id"]), []).append(row)
    for campaign_id, items in by_campaign.items():
        _ballot_form(account, directory, campaign_id, items)


def _organisable_units(account: AccountView, directory: org.Directory) -> list[org.Unit]:
    roles = set(account.roles)
    units = sorted(directory.units.values(), key=lambda u: u.org_unit_id)
    if Role.ADMIN.value in roles:
        return units
    return [
        u
        for u in units
        if (Role.LIAISON.value in roles and u.org_unit_id == account.org_unit_id)
        or (Role.APPRAISAL_OFFICE.value in roles and u.procuratorate_id == account.procuratorate_id)
    ]


def _quarter(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def organise(account: AccountView, directory: org.Directory) -> None:
    units = _organisable_units(account, directory)
    if not units:
        return
    st.subheader(t("rate.organise"))
    found = campaigns.organised(account, directory)
    if not found:
        st.info(t("rate.organised.none"))
    for c in found:
        unit = directory.units[str(c["org_unit_id"])]
        status = t(f"rate.status.{c['status']}")
        with st.container(border=True):
            st.markdown(f"**{c['campaign_id']}** · {c['period_id']} · {unit.name} · {status}")
            st.caption(
                t(
                    "rate.campaign",
                    period=c["period_id"],
                    unit=unit.name,
                    deadline=f"{c['deadline']:%Y-%m-%d %H:%M}",
                )
            )
            st.caption(t("rate.turnout"))
            turnout = campaigns.turnout(account, str(c["campaign_id"]), directory)
            record_table(
                pd.DataFrame(
                    {
                        t("rate.col.level"): [level_label(r.level) for r in turnout],
                        t("rate.col.due"): [r.expected for r in turnout],
                        t("rate.col.cast"): [r.cast for r in turnout],
                        t("rate.col.abstained"): [r.abstained for r in turnout],
                    }
                )
            )
            if c["status"] == "open" and st.button(
                t("rate.close", campaign=c["campaign_id"]), key=f"close.{c['campaign_id']}"
            ):
                try:
                    n = campaigns.close(account, str(c["campaign_id"]), directory)
                except ERRORS as exc:
                    st.error(str(exc))
                else:
                    st.session_state["rate.flash"] = t(
                        "rate.closed", campaign=c["campaign_id"], n=n
                    )
                    st.rerun()
    with st.form("rate.open"):
        st.markdown(f"**{t('rate.open.title')}**")
        unit_id = st.selectbox(
            t("rate.open.unit"),
            [u.org_unit_id for u in units],
            format_func=lambda u: directory.units[u].name + f"（{u}）",
        )
        today = date.today()
        period = st.text_input(t("rate.open.period"), value=_quarter(today))
        deadline = st.date_input(t("rate.open.deadline"), value=today + timedelta(days=14))
        if st.form_submit_button(t("rate.open.submit")):
            try:
                campaign_id = campaigns.open_campaign(
                    account,
                    unit_id,
                    period.strip(),
                    datetime.combine(deadline, time(23, 59, 59)),
                    directory,
                )
            except ERRORS as exc:
                st.error(str(exc))
            else:
                st.session_state["rate.flash"] = t("rate.opened", campaign=campaign_id)
                st.rerun()


def main() -> None:
    st.title(t("rate.title"))
    account = session.current_account()
    if account is None:
        return
    flash = st.session_state.pop("rate.flash", None)
    if flash:
        st.success(flash)
    directory = org.load()
    my_ballots(account, directory)
    organise(account, directory)


main()

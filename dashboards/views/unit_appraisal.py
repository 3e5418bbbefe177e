"""单位考核 / Unit appraisal: the cycle in which the upper procuratorate's departments
appraise their counterparts below. What a section shows depends on how the account stands
to the items (``kpi_warehouse.store.unit_cycle``, the same functions as ``kpi
unit-appraisal``): the lower department's liaison submits its self-assessment; the upper
counterpart department scores; the appraisal office reviews, publishes and opens cycles;
after publication every department sees its own detail and the others' totals and ranks.
The store's services decide what each account may see and do; this page only shows it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import session
from dashboards.components import record_table
from dashboards.i18n import t
from dashboards.snapshot import current_snapshot, fetch_df, snapshot_path
from kpi_warehouse.store import unit_cycle
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.registries.service import Conflict
from kpi_warehouse.store.roles import Role

ERRORS = (NotAllowed, Conflict, ValueError)
FLASH = "uc.flash"


def _names() -> dict[str, str]:
    """Department names the account may see (the scope layer), else the ids are shown."""
    snap = current_snapshot()
    if snap is None:
        return {}
    frame = fetch_df(
        snap, "SELECT org_unit_id, procuratorate_name || ' ' || org_unit_name FROM dim_org_unit"
    )
    return dict(zip(frame.iloc[:, 0], frame.iloc[:, 1], strict=True))


def _titles() -> dict[str, str]:
    """Spec titles the account may see (the scope layer), else the ids are shown."""
    snap = current_snapshot()
    if snap is None:
        return {}
    frame = fetch_df(snap, "SELECT DISTINCT spec_id, spec_title FROM dim_indicator")
    return dict(zip(frame.iloc[:, 0], frame.iloc[:, 1], strict=True))


def _state(value: object) -> str:
    return t(f"uc.state.{value}")


def _points(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):g}"


def _done(key: str, **kwargs: object) -> None:
    st.session_state[FLASH] = t(key, **kwargs)
    st.rerun()


def _act(action, *args: object) -> bool:  # type: ignore[no-untyped-def]
    """Run one service act; a refusal is shown, nothing is saved."""
    try:
        action(*args)
    except ERRORS as exc:
        st.error(t("uc.refused", error=exc), icon=":material/block:")
        return False
    return True


def _item_heading(item: dict[str, object], unit: str) -> None:
    text = t("uc.submit.item", unit=unit, spec=item["spec_title"], status=_state(item["status"]))
    st.markdown(f"**{text}**")


def _scores_table(scores: list[dict[str, object]], with_score: bool) -> None:
    rows = []
    for s in scores:
        row = {
            t("uc.col.indicator"): s["indicator_name"],
            t("uc.col.max"): _points(s["max_points"]),
            t("uc.col.self"): _points(s["self_score"]),
            t("uc.col.self_note"): s["self_note"] or "",
        }
        if with_score:
            row[t("uc.col.score")] = _points(s["score"])
            row[t("uc.col.score_note")] = s["score_note"] or ""
        rows.append(row)
    record_table(pd.DataFrame(rows))


def _submit_form(account: AccountView, item: dict[str, object], unit: str) -> None:
    detail = unit_cycle.detail(account, str(item["item_id"]))
    scores: list[dict[str, object]] = detail["scores"]  # type: ignore[assignment]
    _item_heading(item, unit)
    if item["status"] != "draft":
        published = item["cycle_status"] == "published"
        _scores_table(scores, with_score=published)
        if not published:
            st.caption(t("uc.submit.waiting"))
        return
    given: dict[str, tuple[float, str | None]] = {}
    with st.form(f"uc.submit.{item['item_id']}"):
        for s in scores:
            key = str(s["indicator_id"])
            cells = st.columns([2, 3], vertical_alignment="bottom")
            value = cells[0].number_input(
                t("uc.submit.score", name=s["indicator_name"], top=_points(s["max_points"])),
                min_value=0.0, max_value=float(s["max_points"]), step=0.5, value=None,
                key=f"uc.self.{item['item_id']}.{key}",
            )  # fmt: skip
            note = cells[1].text_input(t("uc.submit.note"), key=f"uc.sn.{item['item_id']}.{key}")
            if value is not None:
                given[key] = (float(value), note)
        if st.form_submit_button(t("uc.submit.button"), type="primary") and _act(
            unit_cycle.submit, account, str(item["item_id"]), given
        ):
            _done("uc.submit.done")


def _score_form(account: AccountView, item: dict[str, object], unit: str) -> None:
    detail = unit_cycle.detail(account, str(item["item_id"]))
    scores: list[dict[str, object]] = detail["scores"]  # type: ignore[assignment]
    _item_heading(item, unit)
    if item["status"] == "returned" and detail.get("review_note"):
        st.warning(t("uc.score.returned", reason=detail["review_note"]), icon=":material/undo:")
    given: dict[str, tuple[float, str | None]] = {}
    with st.form(f"uc.score.{item['item_id']}"):
        for s in scores:
            key = str(s["indicator_id"])
            cells = st.columns([2, 3], vertical_alignment="bottom")
            label = t("uc.score.input", name=s["indicator_name"], self=_points(s["self_score"]),
                      top=_points(s["max_points"]))  # fmt: skip
            value = cells[0].number_input(
                label, min_value=0.0, max_value=float(s["max_points"]), step=0.5,
                value=None if s["score"] is None else float(s["score"]),
                key=f"uc.score.{item['item_id']}.{key}",
            )  # fmt: skip
            note = cells[1].text_input(t("uc.submit.note"), value=str(s["score_note"] or ""),
                                       key=f"uc.scn.{item['item_id']}.{key}")  # fmt: skip
            if value is not None:
                given[key] = (float(value), note)
        if st.form_submit_button(t("uc.score.button"), type="primary") and _act(
            unit_cycle.score, account, str(item["item_id"]), given
        ):
            _done("uc.score.done")


def _review_form(account: AccountView, item: dict[str, object], unit: str) -> None:
    detail = unit_cycle.detail(account, str(item["item_id"]))
    _item_heading(item, unit)
    _scores_table(detail["scores"], with_score=True)  # type: ignore[arg-type]
    with st.form(f"uc.review.{item['item_id']}"):
        reason = st.text_input(t("uc.review.reason"), key=f"uc.reason.{item['item_id']}")
        cells = st.columns(2)
        accept = cells[0].form_submit_button(t("uc.review.accept"), type="primary")
        back = cells[1].form_submit_button(t("uc.review.return"))
        if accept and _act(unit_cycle.review, account, str(item["item_id"]), True, None):
            _done("uc.review.done_accept")
        if back and _act(unit_cycle.review, account, str(item["item_id"]), False, reason):
            _done("uc.review.done_return")


def _results(account: AccountView, cycle_id: str, names: dict[str, str]) -> None:
    st.subheader(t("uc.results.header"))
    try:
        rows = unit_cycle.results(account, cycle_id)
    except ERRORS as exc:
        st.info(str(exc))
        return
    titles = _titles()
    for spec_id in dict.fromkeys(r.spec_id for r in rows):
        st.markdown(f"**{titles.get(spec_id, spec_id)}**")
        record_table(pd.DataFrame([
            {t("uc.col.rank"): r.rank, t("uc.col.unit"): names.get(r.org_unit_id, r.org_unit_id),
             t("uc.col.total"): _points(r.total)}
            for r in rows if r.spec_id == spec_id
        ]))  # fmt: skip
    for r in rows:
        if r.detail is None:
            continue
        unit = names.get(r.org_unit_id, r.org_unit_id)
        rank = t("uc.results.rank", rank=r.rank, units=r.units)
        title = f"{t('uc.results.mine', unit=unit)} · {rank}"
        with st.expander(title, expanded=account.org_unit_id == r.org_unit_id):
            _scores_table(r.detail, with_score=True)


def _office(
    account: AccountView, cycle: dict[str, object] | None, rows: list[dict[str, object]]
) -> None:
    """Publish the chosen cycle; open a new one for a period without one."""
    if cycle is not None and cycle["status"] == "open":
        st.subheader(t("uc.publish.header"))
        accepted = sum(1 for r in rows if r["status"] == "accepted")
        st.caption(t("uc.publish.counts", accepted=accepted, total=len(rows)))
        if st.button(t("uc.publish.button"), key="uc.publish", type="primary") and _act(
            unit_cycle.publish, account, str(cycle["cycle_id"])
        ):
            _done("uc.publish.done")
    snap = current_snapshot()
    if snap is None:
        return
    periods = fetch_df(snap, "SELECT period_id FROM dim_period WHERE period_type = 'quarter' "
                             "ORDER BY start_date")["period_id"].tolist()  # fmt: skip
    taken = {c["period_id"] for c in unit_cycle.cycles()
             if c["procuratorate_id"] == account.procuratorate_id}  # fmt: skip
    free = [p for p in periods if p not in taken]
    if not free:
        return
    with st.expander(t("uc.open.header")):
        period = st.selectbox(t("uc.open.period"), free, key="uc.open.period")
        if st.button(t("uc.open.button"), key="uc.open"):
            from kpi_warehouse.store.unit_cycle_plan import plan_cycle

            try:
                plan = plan_cycle(snapshot_path(), str(account.procuratorate_id), period)
                cycle_id = unit_cycle.open_cycle(account, plan)
            except ERRORS as exc:
                st.error(t("uc.refused", error=exc), icon=":material/block:")
            else:
                _done("uc.open.done", cycle=cycle_id)


def main() -> None:
    st.title(t("uc.title"))
    st.caption(t("uc.intro"))
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH), icon=":material/check_circle:")
    account = session.current_account()
    if account is None:
        return
    names = _names()
    everything = unit_cycle.items(account)
    office = Role.APPRAISAL_OFFICE.value in account.roles and account.procuratorate_id
    cycles = {str(c["cycle_id"]): c for c in unit_cycle.cycles()
              if any(i["cycle_id"] == c["cycle_id"] for i in everything)
              or (office and c["procuratorate_id"] == account.procuratorate_id)}  # fmt: skip
    if not cycles:
        st.info(t("uc.none"))
        if office:
            _office(account, None, [])
        return
    cycle_id = st.selectbox(
        t("uc.cycle"), list(cycles), key="uc.cycle",
        format_func=lambda c: t("uc.cycle_option", period=cycles[c]["period_id"],
                                status=_state(cycles[c]["status"])),
    )  # fmt: skip
    cycle = cycles[cycle_id]
    titles = _titles()
    rows = [
        {**r, "spec_title": titles.get(str(r["spec_id"]), r["spec_id"])}
        for r in everything
        if r["cycle_id"] == cycle_id
    ]

    def unit(r: dict[str, object]) -> str:
        return names.get(str(r["org_unit_id"]), str(r["org_unit_id"]))

    st.subheader(t("uc.overview"))
    record_table(pd.DataFrame([
        {t("uc.col.unit"): unit(r), t("uc.col.spec"): r["spec_title"],
         t("uc.col.status"): _state(r["status"]), t("uc.col.self_total"): _points(r["self_total"]),
         t("uc.col.total"): _points(r["total"])}
        for r in rows
    ]))  # fmt: skip

    lower = [r for r in rows if r["side"] == "lower"]
    if lower:
        st.subheader(t("uc.submit.header"))
        for r in lower:
            _submit_form(account, r, unit(r))
    scorer = [r for r in rows if r["side"] == "upper" and r["scorer_unit_id"] == account.org_unit_id
              and r["status"] in ("submitted", "returned")]  # fmt: skip
    if any(r["scorer_unit_id"] == account.org_unit_id for r in rows):
        st.subheader(t("uc.score.header"))
        if not scorer:
            st.caption(t("uc.score.none"))
        for r in scorer:
            _score_form(account, r, unit(r))
    if office and cycle["procuratorate_id"] == account.procuratorate_id:
        st.subheader(t("uc.review.header"))
        waiting = [r for r in rows if r["status"] == "scored"]
        if not waiting:
            st.caption(t("uc.review.none"))
        for r in waiting:
            _review_form(account, r, unit(r))
        _office(account, cycle, rows)
    if cycle["status"] == "published":
        _results(account, cycle_id, names)


main()

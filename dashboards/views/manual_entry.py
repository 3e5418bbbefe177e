"""补录 / Manual entry, one tab per job of the account's roles:

- clerk: enter (form), import (.xlsx/.csv, all rows or none), 我的录入 (mine), 被退回
  (rejected, with fix-and-resubmit);
- reviewer: 待审核 (approve, or reject with a reason); the account's own entries are listed
  but can never be approved — the service refuses, and the page says so first;
- liaison: which of the department's manual-source indicators lack approved data for a
  period (the snapshot, through the scope layer) and the entries' live review states.

Every act goes through ``kpi_warehouse.store.manual_entries`` (role checks, history, audit).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboards import record_forms as rf
from dashboards.components import fmt_datetime
from dashboards.i18n import current_language, t
from dashboards.session import current_scope
from dashboards.snapshot import current_snapshot, fetch_df
from kpi_warehouse.store import accounts
from kpi_warehouse.store import manual_entries as me
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.registries import directory
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.registries.checks import Directory
from kpi_warehouse.store.registries.service import Conflict, Invalid
from kpi_warehouse.store.roles import Role
from kpi_warehouse.store.scope import Scope

ITEM_FIELD = next(f for f in me.SPEC.fields if f.column == "item")


@st.cache_resource(ttl=300, show_spinner=False)
def _directory(url: str) -> Directory:
    return directory.load(url)


def staff_directory() -> Directory:
    """The office system's staff directory (cached briefly, per office system)."""
    return _directory(directory.office_url())


def entries_table(rows: list[dict[str, object]], names: dict[str, str]) -> None:
    reasons = me.reject_reasons()
    fixed = me.fixed_ids()

    def status(row: dict[str, object]) -> str:
        text = t(f"entry.status.{row['review_status']}")
        return text + (t("entry.resubmitted") if row["entry_id"] in fixed else "")

    def who(pid: object) -> str:
        return "" if pid is None else names.get(str(pid), str(pid))

    st.dataframe(
        pd.DataFrame(
            {
                t("entry.col.id"): [r["entry_id"] for r in rows],
                t("entry.col.person"): [who(r["person_id"]) for r in rows],
                t("entry.col.item"): [rf.choice_label(ITEM_FIELD, r["item"]) for r in rows],
                t("entry.col.value"): [r["value"] for r in rows],
                t("entry.col.date"): [r["entry_date"] for r in rows],
                t("entry.col.description"): [r["description"] for r in rows],
                t("entry.col.status"): [status(r) for r in rows],
                t("entry.col.entered_by"): [who(r["entered_by"]) for r in rows],
                t("entry.col.reviewer"): [who(r["reviewed_by"]) for r in rows],
                t("entry.col.reviewed_at"): [r["reviewed_at"] or "" for r in rows],
                t("entry.col.reason"): [reasons.get(str(r["entry_id"]), "") for r in rows],
            }
        ),
        hide_index=True,
    )


def _label(row: dict[str, object], names: dict[str, str]) -> str:
    person = names.get(str(row["person_id"]), str(row["person_id"]))
    item = rf.choice_label(ITEM_FIELD, row["item"])
    return f"{row['entry_id']} · {person} · {item} {rf._plain(row['value'])} · {row['entry_date']}"


def _enter(account: AccountView, people: Directory) -> None:
    with st.form("entry.add"):
        values = rf.field_inputs(me.SPEC, "entry.add", {})
        submitted = st.form_submit_button(t("entry.submit"), icon=":material/send:")
    if submitted:
        try:
            eid = me.add(account, values, people)
        except Invalid as exc:
            rf.show_invalid(exc.problems)
        except NotAllowed as exc:
            st.error(t("entry.refused", error=exc), icon=":material/block:")
        else:
            st.success(t("entry.added", id=eid), icon=":material/check_circle:")


def _rejected(account: AccountView, people: Directory, names: dict[str, str]) -> None:
    rows = me.queue(account, "rejected")
    if not rows:
        st.info(t("entry.rejected.none"))
        return
    entries_table(rows, names)
    by_id = {str(r["entry_id"]): r for r in rows}
    eid = st.selectbox(t("entry.fix.pick"), list(by_id), key="entry.fix.pick",
                       format_func=lambda i: _label(by_id[i], names))  # fmt: skip
    row = by_id[eid]
    reason = me.reject_reasons().get(eid)
    if reason:
        st.warning(t("entry.fix.reason", reason=reason), icon=":material/undo:")
    prefix = f"entry.fix.{eid}"
    with st.form(prefix):
        values = rf.field_inputs(me.SPEC, prefix, {**row, "person_name": names.get(
            str(row["person_id"]))})  # fmt: skip
        submitted = st.form_submit_button(t("entry.fix.submit"), icon=":material/replay:")
    if submitted:
        try:
            me.fix(account, eid, values, people)
        except Invalid as exc:
            rf.show_invalid(exc.problems)
        except (NotAllowed, Conflict) as exc:
            st.error(t("entry.refused", error=exc), icon=":material/block:")
        else:
            st.success(t("entry.fixed", id=eid), icon=":material/check_circle:")


FLASH_KEY = "entry.flash"


def _flash(text: str) -> None:
    """Say ``text`` on the next run, which shows the queue as it is now."""
    st.session_state[FLASH_KEY] = text
    st.rerun()


def _review(account: AccountView, names: dict[str, str]) -> None:
    done = st.session_state.pop(FLASH_KEY, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    rows = me.queue(account, "review")
    own: list[dict[str, object]] = []
    if Role.CLERK.value in account.roles:
        own = [r for r in me.queue(account, "mine") if r["review_status"] == "pending"]
    if not rows and not own:
        st.info(t("entry.review.none"))
        return
    entries_table(rows + own, names)
    by_id = {str(r["entry_id"]): r for r in rows + own}
    mine = {str(r["entry_id"]) for r in own}
    eid = st.selectbox(
        t("entry.review.pick"), list(by_id), key="entry.review.pick",
        format_func=lambda i: _label(by_id[i], names)
        + (t("entry.review.own_mark") if i in mine else ""),
    )  # fmt: skip
    is_own = eid in mine or by_id[eid]["entered_by"] == account.person_id
    if is_own:
        st.warning(t("entry.review.own"), icon=":material/person_off:")
    reason = st.text_input(t("entry.reject.reason"), key=f"entry.review.reason.{eid}")
    cells = st.columns(2)
    approve = cells[0].button(t("entry.approve"), key=f"entry.approve.{eid}", type="primary",
                              disabled=is_own, icon=":material/check:")  # fmt: skip
    reject = cells[1].button(t("entry.reject"), key=f"entry.reject.{eid}", disabled=is_own,
                             icon=":material/undo:")  # fmt: skip
    try:
        if approve:
            me.approve(account, eid)
            _flash(t("entry.approved_msg", id=eid))
        elif reject:
            me.reject(account, eid, reason)
            _flash(t("entry.rejected_msg", id=eid))
    except Invalid as exc:
        rf.show_invalid(exc.problems)
    except (NotAllowed, Conflict) as exc:
        st.error(t("entry.refused", error=exc), icon=":material/block:")


MISSING_SQL = """
SELECT i.indicator_id, any_value(i.indicator_name) AS indicator_name,
       min(i.sort_order) AS sort_order, count(*) AS appraisees,
       count(*) FILTER (WHERE ev.n IS NULL) AS lacking,
       string_agg(coalesce(p.person_name, s.appraisee_id), '、' ORDER BY s.appraisee_id)
           FILTER (WHERE ev.n IS NULL) AS names
FROM fct_indicator_score s
JOIN fct_appraisal a ON a.appraisee_type = 'person' AND a.appraisee_id = s.appraisee_id
     AND a.period_id = s.period_id AND a.spec_id = s.spec_id AND a.spec_version = s.spec_version
JOIN dim_indicator i ON i.spec_id = s.spec_id AND i.spec_version = s.spec_version
     AND i.indicator_id = s.indicator_id
LEFT JOIN dim_person p ON p.person_id = s.appraisee_id
LEFT JOIN (SELECT indicator_score_id, count(*) AS n FROM fct_evidence GROUP BY 1) ev
     ON ev.indicator_score_id = s.indicator_score_id
WHERE s.appraisee_type = 'person' AND s.period_id = ? AND a.org_unit_id = ?
  AND i.source = 'manual.entry'
GROUP BY i.indicator_id
ORDER BY sort_order
"""


def _missing(scope: Scope) -> None:
    if not scope.org_unit_id:
        st.info(t("entry.missing.no_unit"))
        return
    snap = current_snapshot(scope)
    if snap is None:
        st.info(t("entry.missing.no_snapshot"))
        return
    periods = fetch_df(
        snap,
        "SELECT p.period_id, p.label_zh, p.label_en, p.start_date, p.end_date FROM dim_period p "
        "WHERE p.period_type = 'quarter' ORDER BY p.start_date DESC",
    )
    if periods.empty:
        st.info(t("entry.missing.no_data"))
        return
    column = "label_en" if current_language() == "en" else "label_zh"
    labels = dict(zip(periods["period_id"], periods[column], strict=True))
    period = st.selectbox(t("entry.missing.period"), list(labels), key="entry.missing.period",
                          format_func=lambda p: str(labels[p]))  # fmt: skip
    meta = fetch_df(snap, "SELECT built_at FROM meta_snapshot")
    built = fmt_datetime(meta["built_at"].iloc[0]) if not meta.empty else t("value.none")
    st.caption(t("entry.missing.caption", built_at=built))
    found = fetch_df(snap, MISSING_SQL, [period, scope.org_unit_id])
    if found.empty:
        st.info(t("entry.missing.no_data"))
    elif int(found["lacking"].sum()) == 0:
        st.success(t("entry.missing.none"), icon=":material/check_circle:")
    else:
        lacking = found[found["lacking"] > 0]
        st.dataframe(
            pd.DataFrame(
                {
                    t("entry.missing.col.indicator"): lacking["indicator_name"],
                    t("entry.missing.col.appraisees"): lacking["appraisees"],
                    t("entry.missing.col.lacking"): lacking["lacking"],
                    t("entry.missing.col.names"): lacking["names"],
                }
            ),
            hide_index=True,
        )
        st.caption(t("entry.missing.optional"))
    people = fetch_df(snap, "SELECT person_id FROM dim_person WHERE org_unit_id = ?",
                      [scope.org_unit_id])  # fmt: skip
    row = periods[periods["period_id"] == period].iloc[0]
    counts = me.status_counts(
        list(people["person_id"]), _day(row["start_date"]), _day(row["end_date"])
    )
    st.caption(t("entry.missing.live", **counts))


def _day(value: object) -> date:
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def main() -> None:
    st.title(t("entry.title"))
    st.caption(t("entry.intro"))
    scope = current_scope()
    account = accounts.active(scope.account_id) if scope and scope.account_id else None
    if scope is None or account is None:
        st.error(t("reg.unknown_account"))
        return
    roles = set(account.roles)
    jobs: list[tuple[str, str]] = []
    if Role.CLERK.value in roles:
        jobs += [("enter", "entry.tab.enter"), ("import", "entry.tab.import"),
                 ("mine", "entry.tab.mine"), ("rejected", "entry.tab.rejected")]  # fmt: skip
    if Role.REVIEWER.value in roles:
        jobs.append(("review", "entry.tab.review"))
    if Role.LIAISON.value in roles:
        jobs.append(("missing", "entry.tab.missing"))
    if not jobs:
        st.error(t("access.not_permitted"))
        return
    people = staff_directory()
    names = rf.names_of(people)
    for (job, _), tab in zip(jobs, st.tabs([t(key) for _, key in jobs]), strict=True):
        with tab:
            if job == "enter":
                _enter(account, people)
            elif job == "import":
                rf.import_panel(
                    me.SPEC, "entry.import",
                    lambda rows, source: me.import_rows(account, rows, people, source=source),
                )  # fmt: skip
                st.download_button(
                    t("reg.template"), rf.xlsx_bytes(lambda p: rf.files.template(me.SPEC, p)),
                    file_name="补录-模板.xlsx", key="entry.template",
                    icon=":material/description:",
                )  # fmt: skip
            elif job == "mine":
                rows = me.queue(account, "mine")
                if rows:
                    entries_table(rows, names)
                else:
                    st.info(t("entry.mine.none"))
            elif job == "rejected":
                _rejected(account, people, names)
            elif job == "review":
                _review(account, names)
            else:
                _missing(scope)


main()

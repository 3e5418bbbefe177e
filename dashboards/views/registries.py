"""登记簿 / Registries: the owner office's registry-owner accounts keep their registry —
records (voided ones shown as voided), add, edit (a conflict if someone saved in between),
void with a reason, import .xlsx/.csv with the problem report and a marked-up copy,
export to Excel and the empty template. Every write goes through
``kpi_warehouse.store.registries.service`` (owner check, history, audit)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dashboards import record_forms as rf
from dashboards.i18n import current_language, t
from dashboards.session import current_scope
from kpi_warehouse.store import accounts, audit
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.registries import directory, files, service
from kpi_warehouse.store.registries.access import NotAllowed, dept_key
from kpi_warehouse.store.registries.checks import Directory
from kpi_warehouse.store.registries.spec import REGISTRIES, Registry
from kpi_warehouse.store.roles import Role

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_resource(ttl=300, show_spinner=False)
def _directory(url: str) -> Directory:
    return directory.load(url)


def staff_directory() -> Directory:
    """The office system's staff directory (cached briefly, per office system)."""
    return _directory(directory.office_url())


def kept_by(account: AccountView) -> list[Registry]:
    """The registries this account may keep (those of its owner office)."""
    if Role.REGISTRY_OWNER.value not in account.roles:
        return []
    return [r for r in REGISTRIES.values() if r.owner_dept_key == dept_key(account)]


def _table(reg: Registry, names: dict[str, str], show_voided: bool) -> None:
    live = service.records(reg.name)
    gone = service.voided(reg.name)
    st.caption(t("reg.count", live=len(live), voided=len(gone)))
    rows = [(r, None) for r in live]
    if show_voided:
        rows += [(v.record, v.reason) for v in gone]
    if not rows:
        st.info(t("reg.empty"))
        return
    data: dict[str, list[object]] = {}
    for f in reg.fields:
        column: list[object] = []
        for record, _ in rows:
            value = record.get(f.column) if f.column else names.get(str(record.get("person_id")))
            column.append(rf.choice_label(f, value) if f.kind == "choice" else value)
        data[rf.header(f)] = column
    data[t("reg.col.status")] = [
        t("reg.status.live" if reason is None else "reg.status.voided") for _, reason in rows
    ]
    if show_voided:
        data[t("reg.col.void_reason")] = [reason or "" for _, reason in rows]
    st.dataframe(pd.DataFrame(data), hide_index=True)


def _add(account: AccountView, reg: Registry, people: Directory) -> None:
    with st.form(f"reg.add.{reg.name}", clear_on_submit=False):
        values = rf.field_inputs(reg, f"reg.add.{reg.name}", {})
        submitted = st.form_submit_button(t("reg.add.submit"), icon=":material/add:")
    if submitted:
        try:
            record = service.add(account, reg.name, values, people, reason="browser")
        except service.Invalid as exc:
            rf.show_invalid(exc.problems)
        except NotAllowed as exc:
            st.error(t("reg.refused", error=exc), icon=":material/block:")
        else:
            st.success(t("reg.added", id=record[reg.id_column]), icon=":material/check_circle:")


def _label(reg: Registry, record: dict[str, object], names: dict[str, str]) -> str:
    person = names.get(str(record.get("person_id")), record.get("person_id") or "")
    main = next((f for f in reg.fields if f.column in ("title", "outlet", "description")), None)
    text = str(record.get(main.column) or "") if main else ""
    return f"{record[reg.id_column]} · {person} · {text[:30]} · {record.get(reg.date_column)}"


def _forget(loaded_key: str, gen_key: str) -> None:
    """Drop the record as opened; the next run loads it afresh into new widgets."""
    st.session_state.pop(loaded_key, None)
    st.session_state[gen_key] = st.session_state.get(gen_key, 0) + 1


def _edit(account: AccountView, reg: Registry, people: Directory, names: dict[str, str]) -> None:
    live = {str(r[reg.id_column]): r for r in service.records(reg.name)}
    if not live:
        st.info(t("reg.edit.none"))
        return
    ids = sorted(live, reverse=True)
    # The labels show the title, so a record changed meanwhile makes a new selectbox:
    # the choice is remembered apart from it.
    chosen_key = f"reg.chosen.{reg.name}"
    chosen = st.session_state.get(chosen_key)
    rid = st.selectbox(t("reg.edit.pick"), ids, key=f"reg.pick.{reg.name}",
                       index=ids.index(chosen) if chosen in ids else 0,
                       format_func=lambda i: _label(reg, live[i], names))  # fmt: skip
    st.session_state[chosen_key] = rid
    loaded_key = f"reg.loaded.{reg.name}.{rid}"
    gen_key = f"reg.generation.{reg.name}.{rid}"  # new widgets (fresh values) after a save
    # The record as it was opened: saving compares against it (optimistic concurrency).
    if loaded_key not in st.session_state:
        st.session_state[loaded_key] = (dict(live[rid]), datetime.now())
    expected, opened = st.session_state[loaded_key]
    st.caption(t("reg.edit.loaded", at=f"{opened:%H:%M:%S}"))
    initial = {**expected, "person_name": names.get(str(expected.get("person_id")))}
    prefix = f"reg.edit.{reg.name}.{rid}.{st.session_state.get(gen_key, 0)}"
    with st.form(prefix):
        values = rf.field_inputs(reg, prefix, initial)
        reason = st.text_input(t("reg.edit.reason"), key=f"{prefix}.reason")
        save = st.form_submit_button(t("reg.edit.submit"), icon=":material/save:")
    if save:
        try:
            service.edit(account, reg.name, expected, values, reason, people)
        except service.Conflict:
            _forget(loaded_key, gen_key)
            st.error(t("reg.conflict"), icon=":material/sync_problem:")
            st.button(t("reg.reload"), key=f"{prefix}.reload")
        except service.Invalid as exc:
            rf.show_invalid(exc.problems)
        except NotAllowed as exc:
            st.error(t("reg.refused", error=exc), icon=":material/block:")
        else:
            _forget(loaded_key, gen_key)
            st.success(t("reg.edited", id=rid), icon=":material/check_circle:")
    with st.form(f"{prefix}.void"):
        why = st.text_input(t("reg.void.reason"), key=f"{prefix}.void_reason")
        void = st.form_submit_button(t("reg.void.submit"), icon=":material/delete:")
    if void:
        try:
            service.void(account, reg.name, expected, why)
        except service.Conflict:
            _forget(loaded_key, gen_key)
            st.error(t("reg.conflict"), icon=":material/sync_problem:")
            st.button(t("reg.reload"), key=f"{prefix}.reload_void")
        except service.Invalid as exc:
            rf.show_invalid(exc.problems)
        except NotAllowed as exc:
            st.error(t("reg.refused", error=exc), icon=":material/block:")
        else:
            _forget(loaded_key, gen_key)
            st.success(t("reg.voided", id=rid), icon=":material/check_circle:")


def _export(account: AccountView, reg: Registry, names: dict[str, str]) -> None:
    st.caption(t("reg.export.help"))
    rows = service.records(reg.name)
    cells = st.columns(2)
    cells[0].download_button(
        t("reg.export"), rf.xlsx_bytes(lambda p: files.export(reg, rows, names, p)),
        file_name=f"{reg.label}.xlsx", mime=XLSX, key=f"reg.export.{reg.name}",
        icon=":material/download:", on_click=audit.record,
        args=(account.actor, "export"), kwargs={"target": reg.table, "rows": len(rows)},
    )  # fmt: skip
    cells[1].download_button(
        t("reg.template"), rf.xlsx_bytes(lambda p: files.template(reg, p)),
        file_name=f"{reg.label}-模板.xlsx", mime=XLSX, key=f"reg.template.{reg.name}",
        icon=":material/description:",
    )  # fmt: skip


def main() -> None:
    st.title(t("reg.title"))
    scope = current_scope()
    account = accounts.active(scope.account_id) if scope and scope.account_id else None
    if account is None:
        st.error(t("reg.unknown_account"))
        return
    regs = kept_by(account)
    if not regs:
        st.info(t("reg.none"), icon=":material/info:")
        return
    by_name = {r.name: r for r in regs}
    en = current_language() == "en"
    name = st.selectbox(
        t("reg.choose"), list(by_name), key="reg.registry",
        format_func=lambda n: n if en else t(
            "reg.option", label=by_name[n].label, owner=by_name[n].owner_label),
    )  # fmt: skip
    reg = by_name[name]
    people = staff_directory()
    names = rf.names_of(people)
    records, add, edit, upload, export = st.tabs(
        [t("reg.tab.records"), t("reg.tab.add"), t("reg.tab.edit"), t("reg.tab.import"),
         t("reg.tab.export")]
    )  # fmt: skip
    with add:
        _add(account, reg, people)
    with edit:
        _edit(account, reg, people, names)
    with upload:
        rf.import_panel(
            reg, f"reg.import.{reg.name}",
            lambda rows, source: service.import_rows(account, reg.name, rows, people,
                                                     source=source),
        )  # fmt: skip
    with export:
        _export(account, reg, names)
    with records:  # last, so that it shows what the other tabs just wrote
        show = st.toggle(t("reg.show_voided"), value=True, key=f"reg.show_voided.{reg.name}")
        _table(reg, names, show)


main()

"""考核规范 / Specs workbench: a liaison opens the department's spec (or one of their
drafts) in a YAML editor, sees every problem located beside it as they type, previews the
draft against the latest build, saves it and submits it; the appraisal office (or the
department's head) approves it — written into the specs folder for the next build — or
sends it back with a reason. Every act goes through ``kpi_warehouse.workbench.service``
(the same as `kpi spec ...`), which checks the role and records it in the store.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboards import session
from dashboards.components import fmt_datetime, record_table
from dashboards.i18n import current_language, t
from dashboards.snapshot import current_snapshot
from kpi_warehouse.store import spec_drafts
from kpi_warehouse.store.spec_drafts import DraftError, DraftView, NotAllowed
from kpi_warehouse.workbench.check import Check
from kpi_warehouse.workbench.files import SpecFile
from kpi_warehouse.workbench.preview import NothingToPreview, WorkbenchPreview
from kpi_warehouse.workbench.service import Workbench

try:  # the maintained Ace-based component; its frontend ships inside the package
    from code_editor import code_editor
except ImportError:  # pragma: no cover - the package is a dependency
    code_editor = None

_OPENED = "wb.opened"
_TEXT = "wb.text"
_LOADED = "wb.loaded"
_DRAFT = "wb.draft_id"
_BASE = "wb.base"
_NONCE = "wb.nonce"
_PREVIEW = "wb.preview_result"
_CHECK = "wb.check"
_NOTICE = "wb.notice"
_PENDING = "wb.pending_open"  # what the selector shows on the next run
_SELECT = "wb.open"
BUTTONS = ("wb.save_button", "wb.preview_button", "wb.submit_button")
FAILURES = (NotAllowed, DraftError, NothingToPreview, ValueError, OSError)


def _bench() -> Workbench | None:
    account = session.current_account()
    scope = session.current_scope()
    if account is None or scope is None:
        return None
    snap = current_snapshot(scope)
    return Workbench(account, scope, Path(snap.path) if snap else None)


def _status(status: str) -> str:
    return t(f"wb.status.{status}")


def _options(bench: Workbench) -> dict[str, str]:
    """Option key → label: the author's open drafts first, then the spec files."""
    options: dict[str, str] = {}
    for d in bench.drafts():
        if d.author_account_id == bench.account.account_id and d.status in spec_drafts.EDITABLE:
            options[f"draft:{d.draft_id}"] = t(
                "wb.open.draft", draft_id=d.draft_id, spec_id=d.spec_id, version=d.version,
                status=_status(d.status),
            )  # fmt: skip
    for f in bench.specs():
        options[f"file:{f.relative}"] = t(
            "wb.open.file", relative=f.relative, spec_id=f.spec_id, version=f.version
        )
    return options


def _open(bench: Workbench, key: str) -> None:
    """Load the chosen file or draft into the editor."""
    kind, _, value = key.partition(":")
    if kind == "draft":
        draft = bench.draft(int(value))
        text, base, draft_id = draft.text, draft.base_file, draft.draft_id
    else:
        spec = bench.spec_file(value)
        text, base, draft_id = bench.read(spec), spec.relative, None
    bench.warm(bench.spec_file(base))  # the first preview then scores only the draft
    st.session_state.update(
        {_OPENED: key, _TEXT: text, _LOADED: text, _BASE: base, _DRAFT: draft_id,
         _NONCE: st.session_state.get(_NONCE, 0) + 1, _PREVIEW: None, _CHECK: None}
    )  # fmt: skip


def _message(problem) -> str:  # type: ignore[no-untyped-def]
    return problem.message_en if current_language() == "en" else problem.message_zh


def _where(problem, target: str) -> str:  # type: ignore[no-untyped-def]
    line = problem.line or "—"
    if problem.file not in (target, "snapshot"):
        return t("wb.check.where_file", file=problem.file, line=line, field=problem.field)
    if problem.line is None:
        return t("wb.check.where_nolines", field=problem.field)
    if problem.column:
        line = f"{problem.line}:{problem.column}"
    return t("wb.check.where", line=line, field=problem.field)


def _annotations(check: Check | None) -> list[dict[str, object]]:
    """Ace gutter marks: each located problem of the draft on its line."""
    if check is None:
        return []
    kinds = {"error": "error", "warning": "warning", "notice": "info"}
    return [
        {"row": p.line - 1, "column": max((p.column or 1) - 1, 0), "type": kinds[p.severity],
         "text": f"{p.field}: {_message(p)}"}
        for p in check.problems
        if p.line and p.file == check.target
    ]  # fmt: skip


def _show_check(check: Check, key: str = "wb-problems") -> None:
    st.subheader(t("wb.check.title"))
    box = st.container(key=key)
    with box:
        if not check.problems:
            st.success(t("wb.check.ok"), icon=":material/check_circle:")
        else:
            st.caption(t("wb.check.counts", errors=len(check.errors), warnings=len(check.warnings)))
        for p in check.problems:
            text = f"**{_where(p, check.target)}** — {_message(p)}"
            if p.source_line:
                text += f"\n\n`{p.source_line.strip()}`"
            if p.is_error:
                st.error(text, icon=":material/error:")
            elif p.severity == "warning":
                st.warning(text, icon=":material/warning:")
            else:
                st.info(text, icon=":material/info:")
        key = "wb.check.target_new" if check.is_new_version else "wb.check.target_edit"
        st.caption(t(key, target=check.target))
        if check.ends is not None:
            ended, day = check.ends
            st.caption(t("wb.check.ends", relative=ended.relative, version=ended.version, day=day))


def _editor(text: str, check: Check | None) -> str:
    """The YAML editor; returns the text as it is now."""
    nonce = st.session_state.get(_NONCE, 0)
    if code_editor is None:
        return st.text_area(t("wb.editor.fallback"), text, height=600, key=f"wb.area.{nonce}")
    st.caption(t("wb.editor.label"))
    response = code_editor(
        st.session_state[_LOADED],
        lang="yaml",
        height=[24, 40],
        response_mode=["debounce", "blur"],
        options={"wrap": True, "showLineNumbers": True, "tabSize": 2, "useSoftTabs": True},
        props={"annotations": _annotations(check)},
        key=f"wb.editor.{nonce}",
    )
    if response and response.get("id"):
        return str(response.get("text", text))
    return text


def _base(bench: Workbench) -> SpecFile:
    return bench.spec_file(st.session_state[_BASE])


def _frame(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return frame[[c for c in names if c in frame.columns]].rename(
        columns={c: t(k) for c, k in names.items()}
    )


def _show_preview(result: WorkbenchPreview) -> None:
    diff = result.diff
    st.subheader(t("wb.preview.title", period=result.period.period_id))
    st.caption(
        t("wb.preview.meta", people=result.people, facts=result.facts,
          seconds=f"{result.seconds:.2f}")
    )  # fmt: skip
    st.caption(t("wb.preview.scope_note"))
    with st.container(key="wb-preview"):
        st.markdown(f"**{t('wb.preview.rules')}**")
        if diff.rules:
            rules = diff.rules_frame()
            record_table(
                _frame(rules, {"kind": "wb.col.kind", "field": "wb.col.field",
                               "current": "wb.col.current", "draft": "wb.col.draft"})
            )  # fmt: skip
        else:
            st.caption(t("wb.preview.no_rules"))
        people = diff.people
        grades = int(people["grade_changed"].sum()) if not people.empty else 0
        st.markdown(f"**{t('wb.preview.people', n=len(people), grades=grades)}**")
        columns = {
            "appraisee_id": "wb.col.person", "category": "wb.col.category",
            "total_current": "wb.col.total_current", "total_draft": "wb.col.total_draft",
            "change": "wb.col.change", "rank_current": "wb.col.rank_current",
            "rank_draft": "wb.col.rank_draft", "grade_current": "wb.col.grade_current",
            "grade_draft": "wb.col.grade_draft", "indicators_changed": "wb.col.indicators",
        }  # fmt: skip
        if people.empty:
            st.caption(t("wb.preview.no_people"))
        else:
            st.dataframe(_frame(people, columns), hide_index=True)
        lost = result.newly_without_grade
        if not lost.empty:
            st.warning(t("wb.preview.ungraded", n=len(lost)), icon=":material/warning:")
            st.dataframe(_frame(lost, columns), hide_index=True)
        cells = st.columns(2)
        with cells[0]:
            st.markdown(f"**{t('wb.preview.grades')}**")
            record_table(
                _frame(diff.grades, {"grade": "wb.col.grade", "current": "wb.col.current",
                                     "draft": "wb.col.draft", "change": "wb.col.change"})
            )  # fmt: skip
        with cells[1]:
            if not diff.quotas.empty:
                st.markdown(f"**{t('wb.preview.quotas')}**")
                record_table(
                    _frame(diff.quotas, {"within": "wb.col.within", "group": "wb.col.group",
                                         "grade": "wb.col.grade", "current": "wb.col.current",
                                         "draft": "wb.col.draft"})
                )  # fmt: skip


def _edit(bench: Workbench) -> None:
    options = _options(bench)
    if not options:
        st.info(t("wb.none"))
        return
    keys = list(options)
    pending = st.session_state.pop(_PENDING, None)
    if pending in keys:
        st.session_state[_SELECT] = pending
    elif st.session_state.get(_SELECT) not in keys:
        # Dropped, not set: a value set by code is pushed to the browser again on every run
        # until a run completes, and one arriving just after the person picked another file
        # would put the old choice back in the browser; the first option is the default.
        st.session_state.pop(_SELECT, None)
    choice = st.selectbox(t("wb.open"), keys, format_func=options.__getitem__, key=_SELECT)
    if choice != st.session_state.get(_OPENED):
        _open(bench, choice)
    base = _base(bench)
    cells = st.columns([3, 2], gap="medium")
    with cells[0]:
        previous: Check | None = st.session_state.get(_CHECK)
        text = _editor(st.session_state[_TEXT], previous)
    if previous is None or text != st.session_state[_TEXT]:
        st.session_state[_TEXT] = text
        check = bench.check(text, base)
        st.session_state.update({_CHECK: check, _PREVIEW: None})
        clicked = any(st.session_state.get(k) for k in BUTTONS)
        if not clicked and _annotations(check) != _annotations(previous):
            st.rerun()  # once more, to mark the new problems in the editor's gutter
    check = st.session_state[_CHECK]
    draft_id = st.session_state.get(_DRAFT)
    if draft_id is not None:
        opened_draft = bench.draft(draft_id)
        if opened_draft.status == spec_drafts.REJECTED:
            st.warning(
                t("wb.rejected_note", draft_id=draft_id, by=opened_draft.decided_by,
                  reason=opened_draft.reason),
                icon=":material/undo:",
            )  # fmt: skip
    with cells[1]:
        _show_check(check)
    buttons = st.columns(3)
    if buttons[0].button(t("wb.save"), icon=":material/save:", key="wb.save_button"):
        saved, check = bench.save(text, base_file=base.relative, draft_id=draft_id)
        opened = f"draft:{saved.draft_id}"
        st.session_state.update(
            {_DRAFT: saved.draft_id, _CHECK: check, _OPENED: opened, _PENDING: opened}
        )
        st.session_state[_NOTICE] = t(
            "wb.saved", draft_id=saved.draft_id, errors=saved.errors, warnings=saved.warnings
        )
        st.rerun()
    if buttons[1].button(t("wb.preview"), icon=":material/difference:", key="wb.preview_button"):
        if check.spec is None:
            st.warning(t("wb.preview.errors"))
        elif bench.snapshot is None:
            st.warning(t("wb.preview.none"))
        else:
            st.session_state[_PREVIEW] = bench.preview_checked(check, base)
    if buttons[2].button(t("wb.submit"), icon=":material/send:", key="wb.submit_button"):
        if draft_id is None or _unsaved(bench, draft_id, text):
            st.warning(t("wb.submit_needs_save"))
        else:
            bench.submit(draft_id)
            st.session_state[_NOTICE] = t("wb.submitted", draft_id=draft_id)
            st.session_state.update({_OPENED: None, _PENDING: f"file:{base.relative}"})
            st.rerun()
    if draft_id is not None and _unsaved(bench, draft_id, text):
        st.caption(t("wb.unsaved"))
    result = st.session_state.get(_PREVIEW)
    if result is not None:
        _show_preview(result)


def _unsaved(bench: Workbench, draft_id: int, text: str) -> bool:
    return bench.draft(draft_id).text != text


def _drafts_table(drafts: list[DraftView]) -> None:
    if not drafts:
        st.info(t("wb.drafts.none"))
        return
    record_table(
        pd.DataFrame(
            {
                t("wb.col.draft_id"): [f"#{d.draft_id}" for d in drafts],
                t("wb.col.spec"): [d.spec_id for d in drafts],
                t("wb.col.version"): [d.version for d in drafts],
                t("wb.col.status"): [_status(d.status) for d in drafts],
                t("wb.col.author"): [d.author for d in drafts],
                t("wb.col.target"): [d.target_file for d in drafts],
                t("wb.col.problems"): [f"{d.errors}/{d.warnings}" for d in drafts],
                t("wb.col.decided_by"): [d.decided_by or "" for d in drafts],
                t("wb.col.reason"): [d.reason or "" for d in drafts],
                t("wb.col.updated"): [fmt_datetime(d.updated_at) for d in drafts],
            }
        )
    )


def _review(bench: Workbench, drafts: list[DraftView]) -> None:
    st.subheader(t("wb.review.title"))
    waiting = [d for d in drafts if d.status == spec_drafts.SUBMITTED]
    if not waiting:
        st.info(t("wb.review.none"))
        return
    labels = {
        d.draft_id: f"#{d.draft_id} {d.spec_id} {d.version} · {d.author} → {d.target_file}"
        for d in waiting
    }
    chosen = st.selectbox(
        t("wb.review.choose"), list(labels), format_func=labels.__getitem__, key="wb.review"
    )
    draft = next(d for d in waiting if d.draft_id == chosen)
    own = draft.author_account_id == bench.account.account_id
    if own:
        st.info(t("wb.review.own"), icon=":material/person_off:")
    check = bench.check_saved(draft)
    cells = st.columns([3, 2], gap="medium")
    with cells[0]:
        st.caption(t("wb.review.text"))
        st.code(draft.text, language="yaml", line_numbers=True, height=480)
    with cells[1]:
        _show_check(check, key="wb-review-problems")
    if st.button(t("wb.review.approve"), icon=":material/task_alt:", key="wb.approve",
                 disabled=own, type="primary"):  # fmt: skip
        done = bench.approve(draft.draft_id)
        st.session_state[_NOTICE] = t(
            "wb.review.approved", draft_id=done.draft_id, target=done.target_file
        )
        st.rerun()
    reason = st.text_input(t("wb.review.reason"), key="wb.reason", disabled=own)
    if st.button(t("wb.review.reject"), icon=":material/undo:", key="wb.reject", disabled=own):
        bench.reject(draft.draft_id, reason)
        st.session_state[_NOTICE] = t("wb.review.rejected", draft_id=draft.draft_id)
        st.rerun()


def _history(drafts: list[DraftView]) -> None:
    for d in drafts[:20]:
        with st.expander(t("wb.history", draft_id=d.draft_id)):
            for event in spec_drafts.draft_history(d.draft_id):
                st.caption(
                    t("wb.history.row", at=fmt_datetime(event.at), actor=event.actor,
                      act=t(f"wb.act.{event.act}"))
                    + (f" — {event.reason}" if event.reason else "")
                )  # fmt: skip


def _drafts(bench: Workbench) -> None:
    drafts = bench.drafts()
    for d in drafts:
        mine = d.author_account_id == bench.account.account_id
        if mine and d.status == spec_drafts.REJECTED:
            st.warning(
                t("wb.rejected_note", draft_id=d.draft_id, by=d.decided_by, reason=d.reason),
                icon=":material/undo:",
            )
    _drafts_table(drafts)
    if spec_drafts.may_approve(bench.account):
        _review(bench, drafts)
    _history(drafts)


def main() -> None:
    st.title(t("wb.title"))
    st.caption(t("wb.intro"))
    bench = _bench()
    if bench is None:
        return
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.success(notice, icon=":material/check_circle:")
    edit, drafts = st.tabs([t("wb.tab.edit"), t("wb.tab.drafts")])
    for tab, part in ((edit, _edit), (drafts, _drafts)):
        with tab:
            try:
                part(bench)
            except FAILURES as exc:
                st.error(t("wb.failed", error=exc), icon=":material/error:")


main()

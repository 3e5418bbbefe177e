"""`kpi spec list|draft|preview|submit|approve|reject|show --user NAME` — the specs
workbench at the command line: the same services and rules as the page (考核规范)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi_warehouse.config import settings


def _workbench(user: str):  # type: ignore[no-untyped-def]
    from kpi_warehouse.store import accounts
    from kpi_warehouse.store.scope import scope_for
    from kpi_warehouse.workbench.service import Workbench

    account = accounts.find(user)
    snapshot = settings().snapshot_db
    return Workbench(account, scope_for(account), snapshot if snapshot.is_file() else None)


def _problems(check) -> None:  # type: ignore[no-untyped-def]
    for problem in check.problems:
        print(problem, file=sys.stderr if problem.is_error else sys.stdout)
    if check.ends is not None:
        ended, last_day = check.ends
        print(
            f"新版本：批准后 {ended.relative}（版本 {ended.version}）于 {last_day} 终止 / new "
            f"version: once approved, {ended.relative} (version {ended.version}) ends on {last_day}"
        )


def _status(draft) -> str:  # type: ignore[no-untyped-def]
    return (
        f"#{draft.draft_id} {draft.spec_id} {draft.version} [{draft.status}] → "
        f"{draft.target_file} · {draft.author} · {draft.errors} error(s), "
        f"{draft.warnings} warning(s)"
        + (f" · {draft.decided_by}" if draft.decided_by else "")
        + (f" · {draft.reason}" if draft.reason else "")
    )


def _list(args: argparse.Namespace) -> int:
    bench = _workbench(args.user)
    print("可打开的考核细则 / specs you may open:")
    for f in bench.specs():
        ends = f.effective_to or "—"
        print(f"  {f.relative}\t{f.spec_id}\t{f.version}\t{f.effective_from} → {ends}")
    print("草稿 / drafts:")
    for draft in bench.drafts(args.status):
        print(f"  {_status(draft)}")
    return 0


def _draft(args: argparse.Namespace) -> int:
    bench = _workbench(args.user)
    text = args.file.read_text(encoding="utf-8-sig")
    saved, check = bench.save(text, base_file=args.base, draft_id=args.draft)
    _problems(check)
    print(f"已保存草稿 / draft saved: {_status(saved)}")
    return 0


def _preview(args: argparse.Namespace) -> int:
    bench = _workbench(args.user)
    draft = bench.draft(args.draft_id)
    check, preview = bench.preview(draft.text, bench._base_as_opened(draft))
    _problems(check)
    if preview is None:
        print("有错误，无法预览 / errors: nothing to preview", file=sys.stderr)
        return 1
    print(
        f"{preview.period.label_zh} / {preview.period.label_en}：{preview.people} 人 / "
        f"appraisee(s), {preview.facts} 条记录 / records, {preview.seconds:.2f}s"
    )
    print(preview.diff.text())
    return 0


def _act(args: argparse.Namespace) -> int:
    bench = _workbench(args.user)
    if args.verb == "submit":
        draft = bench.submit(args.draft_id)
    elif args.verb == "approve":
        draft = bench.approve(args.draft_id)
        print(f"已写入 / written: {settings().specs_dir / draft.target_file}")
    else:
        draft = bench.reject(args.draft_id, args.reason)
    print(_status(draft))
    return 0


def _show(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import spec_drafts

    bench = _workbench(args.user)
    draft = bench.draft(args.draft_id)
    print(_status(draft))
    for event in spec_drafts.draft_history(draft.draft_id):
        print(f"  {event.at:%Y-%m-%d %H:%M:%S} {event.actor} {event.act} {event.reason or ''}")
    if args.text:
        print(draft.text)
    return 0


def _guard(func):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        from kpi_warehouse.store.accounts import AccountError
        from kpi_warehouse.store.spec_drafts import DraftError, NotAllowed
        from kpi_warehouse.workbench.preview import NothingToPreview

        try:
            return int(func(args))
        except (NotAllowed, DraftError, AccountError, NothingToPreview, OSError) as exc:
            print(str(exc), file=sys.stderr)
            return 2

    return run


def register(sub: argparse._SubParsersAction) -> None:
    spec = sub.add_parser("spec", help="specs workbench: drafts, preview, submit, approve")
    verbs = spec.add_subparsers(dest="verb", required=True)
    lst = verbs.add_parser("list", help="the specs you may open and their drafts")
    lst.add_argument("--status", choices=["draft", "submitted", "approved", "rejected"])
    lst.set_defaults(func=_guard(_list))
    draft = verbs.add_parser("draft", help="save a YAML file as a draft (new, or --draft ID)")
    draft.add_argument("file", type=Path)
    which = draft.add_mutually_exclusive_group(required=True)
    which.add_argument("--from", dest="base", help="the spec file it starts from, e.g. "
                       "demo/gongsu-2026.yaml (relative to the specs folder)")  # fmt: skip
    which.add_argument("--draft", type=int, help="a draft of yours to save again")
    draft.set_defaults(func=_guard(_draft))
    preview = verbs.add_parser("preview", help="a draft against the latest build's last period")
    preview.add_argument("draft_id", type=int)
    preview.set_defaults(func=_guard(_preview))
    for verb, text in (
        ("submit", "submit your draft for approval"),
        ("approve", "approve someone else's draft: write it into the specs folder"),
        ("reject", "send a draft back with a reason"),
    ):
        p = verbs.add_parser(verb, help=text)
        p.add_argument("draft_id", type=int)
        if verb == "reject":
            p.add_argument("--reason", required=True)
        p.set_defaults(func=_guard(_act))
    show = verbs.add_parser("show", help="a draft, its history (and --text)")
    show.add_argument("draft_id", type=int)
    show.add_argument("--text", action="store_true")
    show.set_defaults(func=_guard(_show))
    for p in verbs.choices.values():
        p.add_argument("--user", required=True, help="the account doing this")

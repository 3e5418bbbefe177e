"""`kpi registry template|import|export|add|edit|void`, `kpi entry
add|import|approve|reject|fix|list` and `kpi store backup|restore` — the same services and
rules as the pages: only the owner office's registry owners write a registry; a file with
any bad row adds nothing, prints the report and writes a marked copy, and the command
exits 1; edits and voids need a reason; nobody approves their own entry."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi_warehouse.store import accounts
from kpi_warehouse.store.registries import directory, files, service
from kpi_warehouse.store.registries.access import NotAllowed, require_owner
from kpi_warehouse.store.registries.spec import REGISTRIES, registry


def _account(name: str | None) -> accounts.AccountView:
    if not name:
        raise NotAllowed("需要 --user / --user is required")
    return accounts.find(name)


def _template(args: argparse.Namespace) -> int:
    path = files.template(registry(args.registry), args.file)
    print(f"模板已写入 / template written: {path}")
    return 0


def marked_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.问题标注.xlsx")


def _import(args: argparse.Namespace) -> int:
    reg = registry(args.registry)
    account = _account(args.user)
    require_owner(account, reg)
    rows = files.read(reg, args.file)
    result = service.import_rows(account, reg.name, rows, directory.load(), source=str(args.file))
    for p in result.problems:
        print(p.text(args.lang), file=sys.stderr if p.blocking else sys.stdout)
    if not result.ok:
        marked = files.marked_copy(
            reg, rows, result.problems, args.marked or marked_path(args.file)
        )
        bad = sum(p.blocking for p in result.problems)
        print(
            f"有 {bad} 处问题，未导入任何记录；标注文件：{marked} / {bad} problem(s): nothing "
            f"was imported; marked copy: {marked}",
            file=sys.stderr,
        )
        return 1
    print(
        f"新增 {len(result.added)} 条，已存在未变 {result.unchanged} 条 / added "
        f"{len(result.added)}, already present {result.unchanged}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    reg = registry(args.registry)
    require_owner(_account(args.user), reg)
    people = directory.load()
    names = {pid: p.name for pid, p in people.by_id.items()}
    rows = service.records(reg.name)
    files.export(reg, rows, names, args.file)
    print(f"已导出 {len(rows)} 条 / exported {len(rows)} record(s): {args.file}")
    return 0


def _settings(reg, pairs: list[str] | None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """``--set 列=值`` pairs (a Chinese or English header, or a live column) as values."""
    known = files._headers(reg)
    values: dict[str, object] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        field = known.get(name.strip())
        if not sep or field is None:
            headers = "、".join(f.header for f in reg.fields)
            raise ValueError(f"无法识别 --set {pair}；可用列 / unknown column, one of: {headers}")
        values[files._key(field)] = value.strip() or None
    return values


def _record(reg, record_id: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    record = service.get(reg.name, record_id)
    if record is None:
        raise ValueError(f"{reg.label}中没有记录 {record_id} / no record {record_id} in {reg.name}")
    return record


def _add(args: argparse.Namespace) -> int:
    reg = registry(args.registry)
    values = _settings(reg, args.set)
    record = service.add(_account(args.user), reg.name, values, directory.load(), reason="cli")
    print(f"已新增 / added: {record[reg.id_column]}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    reg = registry(args.registry)
    account = _account(args.user)
    require_owner(account, reg)
    expected = _record(reg, args.record_id)
    changes = _settings(reg, args.set)
    service.edit(account, reg.name, expected, changes, args.reason, directory.load())
    print(f"已修改 / edited: {args.record_id}")
    return 0


def _void(args: argparse.Namespace) -> int:
    reg = registry(args.registry)
    account = _account(args.user)
    require_owner(account, reg)
    service.void(account, reg.name, _record(reg, args.record_id), args.reason)
    print(f"已作废（历史中保留）/ voided (kept in the history): {args.record_id}")
    return 0


def _report_invalid(func):  # type: ignore[no-untyped-def]
    """Problems of a single record, one line each, in the chosen language."""

    def run(args: argparse.Namespace) -> int:
        try:
            return int(func(args))
        except service.Invalid as exc:
            for p in exc.problems:
                if p.blocking:
                    print(p.text(getattr(args, "lang", "zh")), file=sys.stderr)
            return 1

    return run


def _guard(func):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        try:
            return int(func(args))
        except (NotAllowed, accounts.AccountError, files.FileError, service.Invalid,
                service.Conflict, ValueError) as exc:  # fmt: skip
            print(str(exc), file=sys.stderr)
            return 2

    return run


def register(sub: argparse._SubParsersAction) -> None:
    reg = sub.add_parser("registry", help="registries: template, import, export, add, edit, void")
    verbs = reg.add_subparsers(dest="verb", required=True)
    for verb, func, text in (
        ("template", _template, "write an empty template (.xlsx)"),
        ("import", _import, "import an .xlsx or .csv file (all rows or none)"),
        ("export", _export, "export the registry to .xlsx"),
    ):
        p = verbs.add_parser(verb, help=text)
        p.add_argument("registry", choices=list(REGISTRIES))
        p.add_argument("file", type=Path)
        p.add_argument("--user", help="the account doing this")
        if verb == "import":
            p.add_argument("--marked", type=Path, help="where to write the marked copy")
            p.add_argument("--lang", choices=["zh", "en"], default="zh")
        p.set_defaults(func=_guard(func))
    sets = "COLUMN=VALUE, a header of the template (e.g. 姓名=张伟) or a column; repeatable"
    add = verbs.add_parser("add", help="add one record")
    add.add_argument("registry", choices=list(REGISTRIES))
    add.add_argument("--set", action="append", metavar="COLUMN=VALUE", help=sets)
    add.set_defaults(func=_guard(_report_invalid(_add)))
    edit = verbs.add_parser("edit", help="change one record (with a reason)")
    edit.add_argument("registry", choices=list(REGISTRIES))
    edit.add_argument("record_id")
    edit.add_argument("--set", action="append", metavar="COLUMN=VALUE", help=sets)
    edit.add_argument("--reason", required=True)
    edit.set_defaults(func=_guard(_report_invalid(_edit)))
    void = verbs.add_parser("void", help="void one record (it stops counting; history keeps it)")
    void.add_argument("registry", choices=list(REGISTRIES))
    void.add_argument("record_id")
    void.add_argument("--reason", required=True)
    void.set_defaults(func=_guard(_report_invalid(_void)))
    for p in (add, edit, void):
        p.add_argument("--user", required=True, help="the account doing this")
        p.add_argument("--lang", choices=["zh", "en"], default="zh")


def _entry_add(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import manual_entries

    values = {
        "person_id": args.person,
        "person_name": args.name,
        "item": args.item,
        "value": args.value,
        "entry_date": args.date,
        "description": args.description,
    }
    eid = manual_entries.add(_account(args.user), values, directory.load())
    print(f"已录入，待审核 / entered, pending review: {eid}")
    return 0


def _entry_import(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import manual_entries

    rows = files.read(manual_entries.SPEC, args.file)
    result = manual_entries.import_rows(_account(args.user), rows, directory.load(),
                                        source=str(args.file))  # fmt: skip
    for p in result.problems:
        print(p.text(args.lang), file=sys.stderr)
    if not result.ok:
        marked = files.marked_copy(manual_entries.SPEC, rows, result.problems,
                                   marked_path(args.file))  # fmt: skip
        print(f"未导入任何补录；标注文件：{marked} / nothing was imported; marked copy: {marked}",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"新增 {len(result.added)} 条，已存在未变 {result.unchanged} 条 / added "
          f"{len(result.added)}, already present {result.unchanged}")  # fmt: skip
    return 0


def _entry_review(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import manual_entries

    account = _account(args.user)
    if args.verb == "approve":
        manual_entries.approve(account, args.entry_id)
    else:
        manual_entries.reject(account, args.entry_id, args.reason)
    print(f"{args.entry_id}: {args.verb}d")
    return 0


def _entry_fix(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import manual_entries

    changes = _settings(manual_entries.SPEC, args.set)
    manual_entries.fix(_account(args.user), args.entry_id, changes, directory.load())
    print(f"已修改并重新提交审核 / corrected and resubmitted: {args.entry_id}")
    return 0


def _entry_list(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import manual_entries

    for e in manual_entries.queue(_account(args.user), args.queue):
        print("\t".join(str(e[c] if e[c] is not None else "") for c in manual_entries.COLUMNS[:9]))
    return 0


def register_entry(sub: argparse._SubParsersAction) -> None:
    entry = sub.add_parser(
        "entry", help="reviewed manual entry: add, import, approve, reject, fix, list"
    )
    verbs = entry.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", help="enter one value (pending review)")
    add.add_argument("--person")
    add.add_argument("--name")
    add.add_argument("--item", required=True, help="routine_work key_project reward penalty")
    add.add_argument("--value", required=True)
    add.add_argument("--date", required=True)
    add.add_argument("--description", required=True)
    add.set_defaults(func=_guard(_entry_add))
    imp = verbs.add_parser("import", help="import an .xlsx or .csv file (all rows or none)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--lang", choices=["zh", "en"], default="zh")
    imp.set_defaults(func=_guard(_entry_import))
    for verb in ("approve", "reject"):
        p = verbs.add_parser(verb, help=f"{verb} a pending entry")
        p.add_argument("entry_id")
        if verb == "reject":
            p.add_argument("--reason", required=True)
        p.set_defaults(func=_guard(_entry_review))
    fix = verbs.add_parser("fix", help="correct your rejected entry and resubmit it")
    fix.add_argument("entry_id")
    fix.add_argument(
        "--set",
        action="append",
        metavar="COLUMN=VALUE",
        help="a header of the template (e.g. 分值=3) or a column; repeatable",
    )
    fix.add_argument("--lang", choices=["zh", "en"], default="zh")
    fix.set_defaults(func=_guard(_report_invalid(_entry_fix)))
    lst = verbs.add_parser("list", help="a queue: mine, review, rejected, all")
    lst.add_argument("--queue", choices=["mine", "review", "rejected", "all"], default="mine")
    lst.set_defaults(func=_guard(_entry_list))
    for p in (add, imp, lst, fix, *(verbs.choices[v] for v in ("approve", "reject"))):
        p.add_argument("--user", required=True, help="the account doing this")


def _store_backup(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import backup

    try:
        path = backup.backup(args.file)
    except backup.BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"已备份 / backed up to {path}")
    return 0


def _store_restore(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import backup

    try:
        safety = backup.restore(args.file)
    except backup.BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"已恢复；恢复前的库保存在 {safety} / restored; the store as it was is in {safety}")
    return 0


def register_store(sub: argparse._SubParsersAction) -> None:
    store = sub.add_parser("store", help="back up or restore the app store")
    verbs = store.add_subparsers(dest="verb", required=True)
    for verb, func in (("backup", _store_backup), ("restore", _store_restore)):
        p = verbs.add_parser(verb, help=f"{verb} the store (SQLite) from/to FILE")
        p.add_argument("file", type=Path)
        p.set_defaults(func=func)

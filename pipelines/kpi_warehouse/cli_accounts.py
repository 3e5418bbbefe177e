"""`kpi user …`, `kpi audit`, `kpi setting …`: the store's CLI verbs.

The CLI's operator has no account: what they do is logged as ``cli:<os user>``.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime

from kpi_warehouse.store.roles import ROLE_IDS


def operator():
    from kpi_warehouse.store.audit import Actor

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = str(os.getuid())
    return Actor(f"cli:{who}")


def read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if not sys.stdin.isatty():
        raise ValueError("请用 --password-stdin 提供密码 / give the password with --password-stdin")
    first = getpass.getpass("新密码 / new password: ")
    if first != getpass.getpass("再输一次 / again: "):
        raise ValueError("两次输入不一致 / the two entries differ")
    return first


def _store_errors(command: Callable[[argparse.Namespace], int]):
    def run(args: argparse.Namespace) -> int:
        from kpi_warehouse.store.accounts import AccountError
        from kpi_warehouse.store.passwords import PasswordRejected

        try:
            return command(args)
        except (AccountError, PasswordRejected, ValueError) as exc:
            print(exc, file=sys.stderr)
            return 1

    return run


def _warn_bindings(roles: list[str], person, org_unit, procuratorate) -> None:
    from kpi_warehouse.store.roles import missing_bindings, parse_roles

    for problem in missing_bindings(parse_roles(roles), person, org_unit, procuratorate):
        print(f"注意 / note: {problem}", file=sys.stderr)


@_store_errors
def _user_add(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts

    password = None if args.sso_subject and not args.password_stdin else read_password(args)
    _warn_bindings(args.role, args.person, args.org_unit, args.procuratorate)
    view = accounts.add(
        operator(), args.name, args.role, password, args.person, args.org_unit,
        args.procuratorate, args.sso_subject,
    )  # fmt: skip
    print(f"已创建账户 / account created: {view.username} ({' '.join(view.roles)})")
    return 0


@_store_errors
def _user_set_role(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts

    keep = accounts.KEEP
    view = accounts.set_roles(
        operator(), args.name, args.role,
        person_id=keep if args.person is None else args.person,
        org_unit_id=keep if args.org_unit is None else args.org_unit,
        procuratorate_id=keep if args.procuratorate is None else args.procuratorate,
        sso_subject=keep if args.sso_subject is None else args.sso_subject,
    )  # fmt: skip
    _warn_bindings(list(view.roles), view.person_id, view.org_unit_id, view.procuratorate_id)
    print(f"已更新 / updated: {view.username} ({' '.join(view.roles)})")
    return 0


@_store_errors
def _user_passwd(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts

    accounts.set_password(operator(), args.name, read_password(args))
    print(f"已更改密码 / password changed: {args.name}")
    return 0


@_store_errors
def _user_disable(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts

    accounts.set_disabled(operator(), args.name, True)
    print(f"已停用 / disabled: {args.name}")
    return 0


@_store_errors
def _user_enable(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts

    accounts.set_disabled(operator(), args.name, False)
    print(f"已启用 / enabled: {args.name}")
    return 0


@_store_errors
def _user_unlock(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts

    accounts.unlock(operator(), args.name)
    print(f"已解锁 / unlocked: {args.name}")
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(rows: Sequence[dict[str, object]], as_csv: bool = False) -> None:
    """Rows as aligned columns (CJK counted double width), or as CSV."""
    headers = list(rows[0])
    cells = [[str(row[h]) for h in headers] for row in rows]
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(cells)
        return
    widths = [max(_width(v) for v in [h, *(c[i] for c in cells)]) for i, h in enumerate(headers)]
    for line in [headers, *cells]:
        padded = (v + " " * (w - _width(v)) for v, w in zip(line, widths, strict=True))
        print("  ".join(padded).rstrip())


def _status(view) -> str:
    if view.disabled:
        return "停用/disabled"
    if view.locked():
        return f"锁定至/locked until {view.locked_until:%Y-%m-%d %H:%M}Z"
    return "正常/active"


@_store_errors
def _user_list(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts

    rows = [
        {
            "username": v.username,
            "roles": " ".join(v.roles),
            "person": v.person_id or "",
            "org_unit": v.org_unit_id or "",
            "procuratorate": v.procuratorate_id or "",
            "sso": v.sso_subject or "",
            "status": _status(v),
            "last_sign_in_utc": f"{v.last_signin_at:%Y-%m-%d %H:%M}" if v.last_signin_at else "",
        }
        for v in accounts.list_all()
    ]
    if not rows:
        print("没有账户 / no accounts")
        return 0
    print_table(rows)
    return 0


def _since(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime.combine(date.fromisoformat(value), datetime.min.time())


@_store_errors
def _audit(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import audit

    events = audit.events(user=args.user, since=args.since, action=args.action, limit=args.limit)
    if not events:
        print("没有记录 / no audit events")
        return 0
    rows = [
        {
            "at_utc": f"{e.at:%Y-%m-%d %H:%M:%S}",
            "actor": e.actor,
            "action": e.action,
            "outcome": e.outcome,
            "target": e.target or "",
            "rows": "" if e.rows is None else e.rows,
            "detail": e.detail or "",
        }
        for e in reversed(events)
    ]
    print_table(rows, as_csv=args.csv)
    return 0


@_store_errors
def _setting(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import org_settings

    publish = args.value == "on"
    org_settings.set_publish_unit_results(operator(), args.procuratorate, publish)
    state = "公开 / published" if publish else "不公开 / withheld"
    print(f"{args.procuratorate}: 部门考核结果对干警 {state} to staff")
    return 0


def _bindings(p: argparse.ArgumentParser) -> None:
    p.add_argument("--person", help="person_id the account belongs to (own results)")
    p.add_argument("--org-unit", help="org_unit_id (dept_head, liaison)")
    p.add_argument("--procuratorate", help="procuratorate_id (leader, appraisal_office, analyst)")
    p.add_argument("--sso-subject", help="identity from single sign-on (e.g. e-mail) to map")


def register(sub: argparse._SubParsersAction) -> None:
    """Add `user`, `audit` and `setting` to the `kpi` command."""
    roles_help = "one of: " + " ".join(ROLE_IDS) + " (repeat for several)"
    user = sub.add_parser("user", help="accounts: add, set-role, passwd, disable, list")
    verbs = user.add_subparsers(dest="user_command", required=True)

    add = verbs.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", action="append", required=True, choices=ROLE_IDS, help=roles_help)
    _bindings(add)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=_user_add)

    set_role = verbs.add_parser("set-role", help="replace an account's roles (and bindings)")
    set_role.add_argument("name")
    set_role.add_argument(
        "--role", action="append", required=True, choices=ROLE_IDS, help=roles_help
    )
    _bindings(set_role)
    set_role.set_defaults(func=_user_set_role)

    passwd = verbs.add_parser("passwd", help="set a new password (also lifts a lock)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(func=_user_passwd)

    for verb, func, text in (
        ("disable", _user_disable, "stop an account from signing in"),
        ("enable", _user_enable, "let a disabled account sign in again"),
        ("unlock", _user_unlock, "lift a lock after failed sign-ins"),
    ):
        p = verbs.add_parser(verb, help=text)
        p.add_argument("name")
        p.set_defaults(func=func)

    verbs.add_parser("list", help="list accounts").set_defaults(func=_user_list)

    log = sub.add_parser("audit", help="read the audit log")
    log.add_argument("--user", help="events by or about this account")
    log.add_argument("--since", type=_since, help="YYYY-MM-DD[THH:MM] (UTC)")
    log.add_argument("--action", help="e.g. sign_in, sql, export, scorecard_view")
    log.add_argument("--limit", type=int, default=1000)
    log.add_argument("--csv", action="store_true")
    log.set_defaults(func=_audit)

    setting = sub.add_parser("setting", help="per-procuratorate settings")
    names = setting.add_subparsers(dest="setting_name", required=True)
    publish = names.add_parser(
        "publish-unit-results",
        help="staff see their department's published totals and grades (default on)",
    )
    publish.add_argument("procuratorate")
    publish.add_argument("value", choices=("on", "off"))
    publish.set_defaults(func=_setting)

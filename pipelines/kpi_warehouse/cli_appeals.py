"""`kpi publish-period PERIOD --user NAME` and `kpi appeal file|decide|list` — the same
services and rules as the pages (``kpi_warehouse.store.publication`` / ``appeals``)."""

from __future__ import annotations

import argparse
import mimetypes
import sys
from pathlib import Path

from kpi_warehouse.config import settings
from kpi_warehouse.store import accounts
from kpi_warehouse.store.appeal_rules import Refused, may_decide
from kpi_warehouse.store.registries.access import NotAllowed

STATUS_LABELS = {
    "pending": "待答复 pending",
    "upheld": "申诉成立 upheld",
    "dismissed": "驳回 dismissed",
}


def _snapshot() -> Path:
    path = settings().snapshot_db
    if not path.exists():
        raise Refused(f"尚未发布快照，请先运行 kpi build / no snapshot at {path}")
    return path


def _active(name: str) -> accounts.AccountView:
    account = accounts.find(name)
    if account.disabled:
        raise NotAllowed(f"账户已停用 / account disabled: {account.username}")
    return account


def _publish(args: argparse.Namespace) -> int:
    from kpi_warehouse.store.publication import publish

    row = publish(_active(args.user), args.period, _snapshot())
    print(
        f"已发布 {row.period_id}（{row.published_at:%Y-%m-%d %H:%M} UTC，{row.published_by}），"
        f"申诉期自即日起 / published {row.period_id} at {row.published_at:%Y-%m-%d %H:%M} UTC by "
        f"{row.published_by}; its appeal window starts now"
    )
    return 0


def _file(args: argparse.Namespace) -> int:
    from kpi_warehouse.store.appeals import Attachment, file

    attachment = None
    if args.attachment:
        path: Path = args.attachment
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        attachment = Attachment(path.name, path.read_bytes(), media)
    appeal_id = file(
        _active(args.user), args.period, args.reason, _snapshot(), args.indicator, attachment
    )
    print(appeal_id)
    return 0


def _decide(args: argparse.Namespace) -> int:
    from kpi_warehouse.store.appeals import decide

    view = decide(
        _active(args.user), args.appeal_id, args.uphold, args.answer, _snapshot(), args.correction
    )
    print(
        f"{view.appeal_id}: {STATUS_LABELS[view.status]}"
        + (f"（更正 / correction {view.correction_id}）" if view.correction_id else "")
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import appeals

    if args.user:
        account = _active(args.user)
        rows = appeals.queue(account, _snapshot()) if may_decide(account) else appeals.own(account)
    else:
        rows = appeals.every()
    if args.status:
        rows = [r for r in rows if r.status == args.status]
    print("申诉编号/appeal\t期间/period\t人员/person\t事项/subject\t状态/status\t"
          "提出/filed\t答复期限/due\t答复人/decided by\t更正/correction")  # fmt: skip
    for r in rows:
        status = STATUS_LABELS[r.status] + (" 已超期 OVERDUE" if r.overdue else "")
        subject = f"指标/indicator {r.indicator_id}" if r.indicator_id else "等次/grade"
        print(
            f"{r.appeal_id}\t{r.period_id}\t{r.person_id}\t{subject}\t{status}\t"
            f"{r.filed_at:%Y-%m-%d}\t{r.answer_due:%Y-%m-%d}\t{r.decided_by or '-'}\t"
            f"{r.correction_id or '-'}"
        )
    return 0


def _guard(func):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        try:
            return int(func(args))
        except Refused as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except (NotAllowed, accounts.AccountError, OSError) as exc:
            print(str(exc), file=sys.stderr)
            return 2

    return run


def register(sub: argparse._SubParsersAction) -> None:
    publish = sub.add_parser(
        "publish-period", help="make a period's results visible to staff (starts appeals)"
    )
    publish.add_argument("period")
    publish.add_argument("--user", required=True, help="an appraisal-office or admin account")
    publish.set_defaults(func=_guard(_publish))

    appeal = sub.add_parser("appeal", help="appeals: file, decide, list")
    verbs = appeal.add_subparsers(dest="verb", required=True)
    filing = verbs.add_parser("file", help="appeal your grade or one indicator (prints the id)")
    filing.add_argument("period")
    filing.add_argument("--user", required=True)
    filing.add_argument("--reason", required=True)
    filing.add_argument("--indicator", help="the indicator id (default: the grade)")
    filing.add_argument("--attachment", type=Path)
    filing.set_defaults(func=_guard(_file))
    decide = verbs.add_parser("decide", help="answer an appeal in writing")
    decide.add_argument("appeal_id")
    decide.add_argument("--user", required=True, help="an appraisal-office account")
    which = decide.add_mutually_exclusive_group(required=True)
    which.add_argument("--uphold", action="store_true", dest="uphold")
    which.add_argument("--dismiss", action="store_false", dest="uphold")
    decide.add_argument("--answer", required=True)
    decide.add_argument(
        "--correction", help="upholding: the approved manual entry or registry record id"
    )
    decide.set_defaults(func=_guard(_decide))
    lst = verbs.add_parser("list", help="appeals: yours, or the appraisal office's queue")
    lst.add_argument("--user", help="an account (default: every appeal, for the operator)")
    lst.add_argument("--status", choices=["pending", "upheld", "dismissed"])
    lst.set_defaults(func=_guard(_list))

"""`kpi close-period PERIOD --user NAME` and `kpi reopen-period PERIOD --user NAME --reason
TEXT`: the appraisal office (or an admin) closes a period — its published rows are archived
and every later build serves them unchanged — or reopens it with a reason. Both are recorded
in the store (with their history) and the audit log.

Closing holds the build's writer lock, so no build publishes between reading the snapshot
and recording the close; while a build runs, closing is refused at once.
"""

from __future__ import annotations

import argparse
import sys

from kpi_warehouse.config import settings


def _close(args: argparse.Namespace) -> int:
    from kpi_warehouse import closed_periods
    from kpi_warehouse.store import accounts
    from kpi_warehouse.store import closed_periods as closing
    from kpi_warehouse.writer_lock import writer_lock

    config = settings()
    account = accounts.find(args.user)
    closing.require_closer(account)
    with writer_lock(config.build_db):
        archive = closed_periods.freeze(config.snapshot_db, args.period)
        try:
            closing.close(account, args.period, archive)
        except BaseException:
            (closed_periods.archive_dir() / archive.file).unlink(missing_ok=True)
            raise
    rows = sum(d["rows"] for d in archive.results_digest.values())
    versions = ", ".join(sorted(archive.spec_versions))
    print(
        f"考核期 {args.period} 已结账：{rows} 行结果已存档（{archive.file}），"
        f"此后的构建不会改变它们；所用细则版本 {versions} 不能再修改 / "
        f"period {args.period} closed: {rows} result rows "
        f"archived ({archive.file}); later builds will not change them, and the spec versions "
        f"that scored it ({versions}) can no longer be edited"
    )
    return 0


def _reopen(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts
    from kpi_warehouse.store import closed_periods as closing

    closing.reopen(accounts.find(args.user), args.period, args.reason)
    print(
        f"考核期 {args.period} 已重新开放，下次构建将重新计算 / period {args.period} reopened: "
        "the next build scores it again"
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import closed_periods as closing

    for p in closing.periods():
        line = f"{p.period_id}\t{p.status}\t{p.closed_at:%Y-%m-%d %H:%M}\t{p.closed_by}"
        if p.reopened_at:
            line += f"\t{p.reopened_at:%Y-%m-%d %H:%M}\t{p.reopened_by}\t{p.reopen_reason}"
        print(line)
    return 0


def _guard(func):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        from kpi_warehouse.closed_periods import ClosedPeriodError
        from kpi_warehouse.store.accounts import AccountError
        from kpi_warehouse.store.closed_periods import PeriodError
        from kpi_warehouse.store.registries.access import NotAllowed
        from kpi_warehouse.writer_lock import BuildBusy

        try:
            return int(func(args))
        except (NotAllowed, AccountError, PeriodError, ClosedPeriodError, BuildBusy) as exc:
            print(str(exc), file=sys.stderr)
            return 2

    return run


def register(sub: argparse._SubParsersAction) -> None:
    close = sub.add_parser("close-period", help="close a period: freeze its published results")
    close.add_argument("period", help="e.g. 2026Q1")
    close.add_argument("--user", required=True, help="an appraisal-office or admin account")
    close.set_defaults(func=_guard(_close))

    reopen = sub.add_parser("reopen-period", help="reopen a closed period (with a reason)")
    reopen.add_argument("period")
    reopen.add_argument("--user", required=True, help="an appraisal-office or admin account")
    reopen.add_argument("--reason", required=True, help="why the period is scored again")
    reopen.set_defaults(func=_guard(_reopen))

    periods = sub.add_parser("closed-periods", help="list closed and reopened periods")
    periods.set_defaults(func=_guard(_list))

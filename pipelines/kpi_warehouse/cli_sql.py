"""`kpi sql [--user NAME] "…"`: one read-only statement through the scope layer.

With ``--user`` the statement runs exactly as that account's SQL console would run it
(its scope, the analyst/admin check, the vetting, the row and memory caps, the audit
log). Without it, it sees every relation of the snapshot, still read-only, file-free,
single-statement and with a timeout; the operator's OS user is logged.
"""

from __future__ import annotations

import argparse
import sys

from kpi_warehouse.cli_accounts import operator
from kpi_warehouse.config import settings

REFUSALS = {
    "empty": "请输入 SQL 语句 / enter an SQL statement",
    "multiple": "已拒绝：一次只能执行一条语句 / refused: run one statement at a time",
    "not_read_only": "已拒绝：只允许单条 SELECT 查询 / refused: only a single SELECT is allowed",
    "relation": "已拒绝：只能查询本账户可见的数据表 / refused: only the marts within your scope "
    "may be queried",
    "function": "已拒绝：不允许使用该表函数 / refused: table function not allowed",
}


def run(args: argparse.Namespace) -> int:
    from kpi_warehouse.store import accounts
    from kpi_warehouse.store.audit import Actor
    from kpi_warehouse.store.scope import NotPermitted, scope_for
    from kpi_warehouse.store.sql_sandbox import Verdict, run_sql

    snapshot = settings().snapshot_db
    if not snapshot.exists():
        print(f"尚未发布快照，请先运行 kpi build / no snapshot at {snapshot}", file=sys.stderr)
        return 2
    scope, actor, via = None, operator(), None
    if args.user:
        try:
            account = accounts.find(args.user)
        except accounts.AccountError as exc:
            print(exc, file=sys.stderr)
            return 1
        if account.disabled:
            print(f"账户已停用 / account disabled: {account.username}", file=sys.stderr)
            return 1
        scope = scope_for(account)
        actor, via = Actor(account.username, account.account_id), operator().name
    try:
        outcome = run_sql(scope, snapshot, args.query, actor, via=via)
    except NotPermitted:
        print(
            f"无权使用 SQL 查询（需要 analyst 或 admin 角色）/ not permitted: {args.user} may not "
            "use the SQL console (needs the analyst or admin role)",
            file=sys.stderr,
        )
        return 3
    check = outcome.check
    if check.verdict is Verdict.SYNTAX:
        print(f"SQL 语法错误 / syntax error: {check.error}", file=sys.stderr)
        return 1
    if check.verdict is not Verdict.OK:
        names = f": {', '.join(check.names)}" if check.names else ""
        print(REFUSALS[str(check.verdict)] + names, file=sys.stderr)
        return 1
    if outcome.timed_out:
        print("查询超时，已中止 / the query ran too long and was stopped", file=sys.stderr)
        return 1
    if outcome.error:
        print(f"查询失败 / query failed: {outcome.error}", file=sys.stderr)
        return 1
    frame = outcome.frame
    if args.csv:
        frame.to_csv(sys.stdout, index=False)
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", 200, "display.width", 200):
            print(frame.to_string(index=False))
    if outcome.truncated:
        print(f"结果已截断为 {len(frame)} 行 / truncated to {len(frame)} rows", file=sys.stderr)
    return 0

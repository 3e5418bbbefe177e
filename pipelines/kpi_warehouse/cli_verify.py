"""`kpi verify`: recompute the published snapshot's content hash and compare it with the
hash its ``meta_snapshot`` records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from kpi_warehouse.config import settings
from kpi_warehouse.snapshot_meta import verify


def _verify(args: argparse.Namespace) -> int:
    path: Path = args.snapshot or settings().snapshot_db
    if not path.exists():
        print(f"没有已发布的快照 / no published snapshot at {path}", file=sys.stderr)
        return 2
    try:
        ok, recorded, computed = verify(path)
    except duckdb.Error as exc:
        print(f"快照无法读取 / the snapshot cannot be read ({path}): {exc}", file=sys.stderr)
        return 2
    if ok:
        print(f"快照完整 / snapshot intact: {path}\ncontent_sha256 {computed}")
        return 0
    print(
        f"快照内容与记录不符 / the snapshot's content does not match its record: {path}\n"
        f"  记录 / recorded:   {recorded}\n  重算 / recomputed: {computed}\n"
        "请重新运行 `kpi build` / run `kpi build` again",
        file=sys.stderr,
    )
    return 1


def register(sub: argparse._SubParsersAction) -> None:
    verify_cmd = sub.add_parser("verify", help="recompute the published snapshot's content hash")
    verify_cmd.add_argument("--snapshot", type=Path, help="default: the published snapshot")
    verify_cmd.set_defaults(func=_verify)

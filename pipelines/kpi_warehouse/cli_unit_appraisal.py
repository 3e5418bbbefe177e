"""`kpi unit-appraisal open|submit|score|review|publish|list|show|results` — the unit
appraisal cycle (单位考核) through the same services and rules as the 单位考核 page
(``kpi_warehouse.store.unit_cycle``): the lower department's liaison submits its
self-assessment, the upper counterpart department scores it, the upper unit's appraisal
office accepts or returns it (with a reason) and publishes the cycle; nobody acts on their
own unit's submission. Every command names the account doing it with ``--user``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kpi_warehouse.config import settings
from kpi_warehouse.store import accounts, unit_cycle
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.registries.service import Conflict

STATE_LABELS = {
    "draft": "待自评 draft",
    "submitted": "待评分 submitted",
    "scored": "待审核 scored",
    "returned": "已退回 returned",
    "accepted": "已通过 accepted",
    "open": "进行中 open",
    "published": "已发布 published",
}


def _account(name: str) -> accounts.AccountView:
    return accounts.find(name)


def _snapshot() -> Path:
    path = settings().snapshot_db
    if not path.exists():
        raise unit_cycle.CycleError(f"尚未发布快照，请先运行 kpi build / no snapshot at {path}")
    return path


def parse_scores(
    pairs: Sequence[str] | None, notes: Sequence[str] | None
) -> dict[str, tuple[float, str | None]]:
    """``ID=VALUE`` pairs (and ``ID=TEXT`` notes) as the services take them."""
    texts: dict[str, str] = {}
    for pair in notes or []:
        key, sep, text = pair.partition("=")
        if not sep:
            raise ValueError(f"--note 须为 指标=说明 / --note must be ID=TEXT: {pair}")
        texts[key.strip()] = text
    out: dict[str, tuple[float, str | None]] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = None
        if not sep or number is None:
            raise ValueError(f"--score 须为 指标=分值 / --score must be ID=NUMBER: {pair}")
        out[key.strip()] = (number, texts.get(key.strip()))
    return out


def _open(args: argparse.Namespace) -> int:
    from kpi_warehouse.store.unit_cycle_plan import plan_cycle

    account = _account(args.user)
    if not account.procuratorate_id:
        raise NotAllowed(
            "考核办账户须绑定检察院 / the appraisal office account needs a procuratorate"
        )
    plan = plan_cycle(_snapshot(), account.procuratorate_id, args.period)
    cycle_id = unit_cycle.open_cycle(account, plan)
    n = sum(len(s.org_unit_ids) for s in plan.specs)
    print(f"已开启考核周期 / cycle opened: {cycle_id}（{n} 项 / items）")
    return 0


def _submit(args: argparse.Namespace) -> int:
    after = unit_cycle.submit(_account(args.user), args.item, parse_scores(args.score, args.note))
    print(f"已提交自评 / self-assessment submitted: {args.item} → {after['status']}")
    return 0


def _score(args: argparse.Namespace) -> int:
    after = unit_cycle.score(_account(args.user), args.item, parse_scores(args.score, args.note))
    print(f"已评分 / scored: {args.item} → {after['status']}")
    return 0


def _review(args: argparse.Namespace) -> int:
    after = unit_cycle.review(_account(args.user), args.item, args.accept, args.reason)
    print(f"已审核 / reviewed: {args.item} → {STATE_LABELS[str(after['status'])]}")
    return 0


def _publish(args: argparse.Namespace) -> int:
    unit_cycle.publish(_account(args.user), args.cycle)
    print(f"已发布 / published: {args.cycle}（下次构建计分 / the next build scores it）")
    return 0


def _fmt(value: object) -> str:
    return "—" if value is None else f"{float(value):g}"  # type: ignore[arg-type]


def _list(args: argparse.Namespace) -> int:
    if not args.user:
        for c in unit_cycle.cycles():
            print(f"{c['cycle_id']}\t{c['period_id']}\t{STATE_LABELS[str(c['status'])]}")
        return 0
    rows = unit_cycle.items(_account(args.user), args.cycle)
    if not rows:
        print("没有可查看的考核事项 / no items for this account")
    for r in rows:
        cells = [str(r[k]) for k in ("item_id", "period_id", "spec_id", "org_unit_id")]
        cells += [STATE_LABELS[str(r["status"])], f"自评 self {_fmt(r['self_total'])}",
                  f"评分 score {_fmt(r['total'])}"]  # fmt: skip
        print("\t".join(cells))
    return 0


def _show(args: argparse.Namespace) -> int:
    item = unit_cycle.detail(_account(args.user), args.item)
    print(f"{item['item_id']}  {item['period_id']}  {item['org_unit_id']}  "
          f"{STATE_LABELS[str(item['status'])]}")  # fmt: skip
    if item.get("review_note"):
        print(f"退回原因 / returned because: {item['review_note']}")
    print("指标 indicator\t满分 max\t自评 self\t评分 score")
    for s in item["scores"]:  # type: ignore[union-attr]
        print(f"{s['indicator_name']} ({s['indicator_id']})\t{_fmt(s['max_points'])}\t"
              f"{_fmt(s['self_score'])}\t{_fmt(s['score'])}")  # fmt: skip
    if item["side"] == "upper":
        for h in unit_cycle.history_of(args.item):
            print(f"{h['at']}\t{h['actor']}\t{h['act']}\t{h['status']}\t{h['reason'] or ''}")
    return 0


def _results(args: argparse.Namespace) -> int:
    for r in unit_cycle.results(_account(args.user), args.cycle):
        print(f"{r.spec_id}\t第 {r.rank}/{r.units} 名 rank\t{r.org_unit_id}\t{r.total:g}")
        for s in r.detail or []:
            print(f"    {s['indicator_name']}\t{_fmt(s['score'])} / {_fmt(s['max_points'])}")
    return 0


def _guard(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return int(func(args))
        except (NotAllowed, Conflict, accounts.AccountError, ValueError) as exc:
            print(str(exc), file=sys.stderr)
            return 2

    return run


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "unit-appraisal", help="单位考核: the upper unit appraises its counterparts"
    )
    verbs = cmd.add_subparsers(dest="verb", required=True)

    def verb(name: str, func: Callable[[argparse.Namespace], int], text: str,
             user_required: bool = True) -> argparse.ArgumentParser:  # fmt: skip
        p = verbs.add_parser(name, help=text)
        p.add_argument("--user", required=user_required, help="the account doing this")
        p.set_defaults(func=_guard(func))
        return p

    verb("open", _open, "open a cycle for a period (appraisal office)").add_argument("period")
    for name, func, text in (
        ("submit", _submit, "submit the self-assessment (the lower department's liaison)"),
        ("score", _score, "score the submission (the upper counterpart department)"),
    ):
        p = verb(name, func, text)
        p.add_argument("item")
        p.add_argument("--score", action="append", required=True, metavar="ID=NUMBER",
                       help="one per indicator, e.g. closure_rate=18")  # fmt: skip
        p.add_argument("--note", action="append", metavar="ID=TEXT", help="a remark")
    review = verb("review", _review, "accept or return the scores (appraisal office)")
    review.add_argument("item")
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--accept", action="store_true")
    decision.add_argument("--return", dest="accept", action="store_false")
    review.add_argument("--reason", help="required with --return")
    verb("publish", _publish, "publish a cycle (every item accepted)").add_argument("cycle")
    listing = verb("list", _list, "cycles, or the items an account takes part in", False)
    listing.add_argument("--cycle")
    verb("show", _show, "one item: scores and history").add_argument("item")
    verb("results", _results, "a published cycle's totals and ranking").add_argument("cycle")

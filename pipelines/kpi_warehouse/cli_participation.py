"""`kpi rating open|cast|close|list|turnout` and `kpi journal write|excuse|review|list`:
the same services and rules as the 评议 and 工作日志 pages, acting as ``--user NAME``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from kpi_warehouse.store import accounts
from kpi_warehouse.store.participation import campaigns, journals, org, tiers
from kpi_warehouse.store.registries.access import NotAllowed


def _account(name: str) -> accounts.AccountView:
    return accounts.find(name)


def _deadline(text: str) -> datetime:
    """A date means the end of that day (23:59:59); a full ISO date-time is kept."""
    if "T" in text or " " in text:
        return datetime.fromisoformat(text)
    return datetime.combine(date.fromisoformat(text), time(23, 59, 59))


def _open(args: argparse.Namespace) -> int:
    account = _account(args.user)
    directory = org.load()
    found = tiers.tiers_of(tiers.read_spec(args.spec), args.indicator) if args.spec else None
    if found is None and args.indicator:
        unit = directory.units.get(args.org_unit)
        found = tiers.find(unit.dept_key if unit else "", args.period, args.indicator)
    campaign_id = campaigns.open_campaign(
        account, args.org_unit, args.period, _deadline(args.deadline), directory, found
    )
    print(campaign_id)
    return 0


def _cast(args: argparse.Namespace) -> int:
    campaigns.cast(
        _account(args.user),
        args.campaign,
        args.ratee,
        choice=args.choice,
        score=args.score,
        abstain=args.abstain,
    )
    print("已投票 / ballot saved")
    return 0


def _close(args: argparse.Namespace) -> int:
    n = campaigns.close(_account(args.user), args.campaign, org.load())
    print(f"已关闭，{n} 张选票计入评议 / closed; {n} ballot(s) go to the ratings")
    return 0


def _turnout(args: argparse.Namespace) -> int:
    rows = campaigns.turnout(_account(args.user), args.campaign, org.load())
    print("层级 level\t应投 due\t已投 cast\t弃权 abstained")
    for r in rows:
        print(f"{r.level}\t{r.expected}\t{r.cast}\t{r.abstained}")
    return 0


def _rating_list(args: argparse.Namespace) -> int:
    account = _account(args.user)
    directory = org.load()
    for c in campaigns.organised(account, directory):
        print(
            f"{c['campaign_id']}\t{c['period_id']}\t{c['org_unit_id']}\t{c['status']}\t"
            f"{c['deadline']}"
        )
    for b in campaigns.my_ballots(account):
        scale = json.loads(str(b["scale"])) if b["scale"] else None
        given = "弃权 / abstained" if b["abstained"] else b["choice"] or b["score"]
        options = "/".join(scale) if scale else "0..max"
        print(
            f"{b['campaign_id']}\t{b['ratee_id']}\t{directory.name(str(b['ratee_id']))}\t"
            f"{b['rater_level']}\t{given if given is not None else '-'}\t({options})"
        )
    return 0


def _write(args: argparse.Namespace) -> int:
    journal_id = journals.write(
        _account(args.user), date.fromisoformat(args.week), args.score, args.content
    )
    print(journal_id)
    return 0


def _excuse(args: argparse.Namespace) -> int:
    journal_id = journals.excuse(
        _account(args.user), args.person, date.fromisoformat(args.week), args.reason, org.load()
    )
    print(journal_id)
    return 0


def _review(args: argparse.Namespace) -> int:
    level = journals.review(_account(args.user), args.journal, args.score, org.load(), args.comment)
    print(f"已审核（{level}）/ reviewed as {level}")
    return 0


def _journal_list(args: argparse.Namespace) -> int:
    account = _account(args.user)
    rows = journals.queue(account, org.load()) if args.queue == "review" else journals.mine(account)
    for r in rows:
        levels = " ".join(f"{lv}={rv['score']:g}" for lv, rv in r["reviews"].items())
        print(
            f"{r['journal_id']}\t{r['person_id']}\t{r['week_start']}\t"
            f"self={r['self_score'] if r['self_score'] is not None else '-'}\t"
            f"{levels or '-'}\t{r['excuse'] or ''}"
        )
    return 0


def _guard(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return int(func(args))
        except (
            NotAllowed,
            accounts.AccountError,
            campaigns.CampaignError,
            journals.JournalError,
            ValueError,
            OSError,
        ) as exc:
            print(str(exc), file=sys.stderr)
            return 2

    return run


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rating = sub.add_parser("rating", help="rating campaigns (360): open, cast, close")
    verbs = rating.add_subparsers(dest="verb", required=True)
    p = verbs.add_parser("open", help="open a campaign for a department and quarter")
    p.add_argument("period", help="a quarter, e.g. 2026Q4")
    p.add_argument("--org-unit", required=True)
    p.add_argument("--deadline", required=True, help="YYYY-MM-DD (end of day) or ISO time")
    p.add_argument("--spec", type=Path, help="spec file (default: the department's)")
    p.add_argument("--indicator", help="the rater-tiers indicator id (default: the first)")
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_open))
    p = verbs.add_parser("cast", help="cast or change a ballot")
    p.add_argument("campaign")
    p.add_argument("--ratee", required=True, help="person id")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--choice", help="a choice of the spec's scale, e.g. 优秀")
    how.add_argument("--score", type=float, help="points, where the spec has no scale")
    how.add_argument("--abstain", action="store_true")
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_cast))
    p = verbs.add_parser("close", help="close a campaign after its deadline")
    p.add_argument("campaign")
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_close))
    p = verbs.add_parser("turnout", help="ballots due and cast per level (no choices)")
    p.add_argument("campaign")
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_turnout))
    p = verbs.add_parser("list", help="campaigns I run and my ballots due")
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_rating_list))

    journal = sub.add_parser("journal", help="weekly work journals and their review")
    verbs = journal.add_subparsers(dest="verb", required=True)
    p = verbs.add_parser("write", help="write (or back-fill) my journal of a week")
    p.add_argument("week", help="any day of the week, YYYY-MM-DD")
    p.add_argument("--score", type=float, required=True, help="self score 0..50")
    p.add_argument("--content", required=True)
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_write))
    p = verbs.add_parser("excuse", help="excuse a person's week (trip, leave, holiday)")
    p.add_argument("person")
    p.add_argument("week")
    p.add_argument("--reason", required=True, choices=sorted(journals.EXCUSES))
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_excuse))
    p = verbs.add_parser("review", help="review a journal at my level")
    p.add_argument("journal")
    p.add_argument("--score", type=float, required=True)
    p.add_argument("--comment")
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_review))
    p = verbs.add_parser("list", help="my journals, or (--queue review) those I review")
    p.add_argument("--queue", choices=("mine", "review"), default="mine")
    p.add_argument("--user", required=True)
    p.set_defaults(func=_guard(_journal_list))

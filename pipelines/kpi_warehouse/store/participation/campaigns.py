"""Rating campaigns (360°): open, cast, close, turnout — one function per act.

A department's liaison or its procuratorate's appraisal office (or an admin) opens a
campaign for a period from the department's rater tiers (``tiers``): every appraised
member of the department is a ratee, and each tier's raters are drawn from the staff
directory by post (``org``). A rater and a ratee are paired at one level only, the first
of the spec's levels that pairs them. Each rater casts one ballot per ratee — a choice of
the spec's scale (its points), a number 0..the level's maximum where the spec has no
scale, or an abstention — and may change it until the deadline. After the deadline the
organiser closes the campaign: its ballots are frozen and written to the store's
``ratings`` table (abstentions as a NULL score, which the build leaves out), the same
table and facts as every other rating. An open campaign feeds nothing.

Secrecy: no function here returns a ballot to anyone but its rater. The organiser sees the
turnout per level; ratees, leaders and analysts see the ratings only as the warehouse's
aggregates of three or more raters (``store.scope_views``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.participation import org, tiers
from kpi_warehouse.store.participation.tables import assignment_t, ballot_t, campaign_t
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.roles import Role

RATINGS_TABLE = "ratings"
LEADER_LEVELS = (
    "department_head",
    "section_chief",
    "supervising_leader",
    "leader",
    "party_gov_leader",
)


class CampaignError(ValueError):
    """A campaign act that cannot be done (bilingual message)."""


@dataclass(frozen=True)
class Turnout:
    level: str
    expected: int  # ballots due (rater × ratee pairs)
    cast: int  # ballots in (abstentions included)
    abstained: int


def _roster(
    directory: org.Directory, unit: org.Unit, levels: Mapping[str, float]
) -> list[tuple[str, str, str]]:
    """(rater, ratee, level) pairs, each pair once at the first level that pairs it."""
    members = directory.unit_members(unit.org_unit_id)
    heads = [m for m in members if m.post in org.HEAD_POSTS]
    deputies = [m for m in members if m.post in org.DEPUTY_POSTS]
    chiefs = directory.chiefs(unit.procuratorate_id)
    by_level: dict[str, list[org.Member]] = {
        "department_head": heads,
        "section_chief": deputies,
        "supervising_leader": directory.supervising_leaders(unit.procuratorate_id),
        "leader": heads + deputies + chiefs,
        "colleague": [m for m in members if m.post not in org.HEAD_POSTS | org.DEPUTY_POSTS],
    }
    pairs: dict[tuple[str, str], str] = {}
    for ratee in members:
        for level in levels:
            for rater in by_level.get(level, []):
                if rater.person_id != ratee.person_id:
                    pairs.setdefault((rater.person_id, ratee.person_id), level)
    return [(rater, ratee, level) for (rater, ratee), level in sorted(pairs.items())]


def _may_organise(account: AccountView, unit: org.Unit) -> bool:
    roles = set(account.roles)
    if account.disabled:
        return False
    return (
        Role.ADMIN.value in roles
        or (Role.LIAISON.value in roles and account.org_unit_id == unit.org_unit_id)
        or (
            Role.APPRAISAL_OFFICE.value in roles
            and account.procuratorate_id == unit.procuratorate_id
        )
    )


def _campaign(s: sa.orm.Session, campaign_id: str) -> dict[str, object]:
    row = s.execute(sa.select(campaign_t).where(campaign_t.c.campaign_id == campaign_id)).first()
    if row is None:
        raise CampaignError(f"没有评议 {campaign_id} / no campaign {campaign_id}")
    return dict(row._mapping)


def _unit(directory: org.Directory, org_unit_id: str) -> org.Unit:
    unit = directory.units.get(org_unit_id)
    if unit is None:
        raise CampaignError(f"没有部门 {org_unit_id} / no department {org_unit_id}")
    return unit


def get(campaign_id: str, url: str | None = None) -> dict[str, object]:
    with db.session(url) as s:
        return _campaign(s, campaign_id)


def open_campaign(
    account: AccountView,
    org_unit_id: str,
    period_id: str,
    deadline: datetime,
    directory: org.Directory,
    spec_tiers: tiers.Tiers | None = None,
    now: datetime | None = None,
    url: str | None = None,
) -> str:
    """Open a campaign; its id. ``spec_tiers`` default: the department's spec in force."""
    unit = _unit(directory, org_unit_id)
    if not _may_organise(account, unit):
        raise NotAllowed(
            f"{account.username} 不能为 {unit.name} 发起评议 / {account.username} may not open a "
            f"campaign for {org_unit_id}"
        )
    now = now or db.now()
    if not re.fullmatch(r"\d{4}Q[1-4]", period_id):
        raise CampaignError(
            f"评议按季度发起（如 2026Q2），不是 {period_id} / a campaign rates a quarter "
            f"(e.g. 2026Q2), not {period_id}"
        )
    if deadline <= now:
        raise CampaignError("截止时间须晚于现在 / the deadline must be in the future")
    posts = [m.post for m in directory.unit_members(org_unit_id)]
    found = spec_tiers or tiers.find(unit.dept_key, period_id, posts=posts)
    pairs = _roster(directory, unit, found.levels)
    if not pairs:
        raise CampaignError(f"{unit.name} 没有可评议的人员 / nobody to rate in {org_unit_id}")
    campaign_id = f"RC-{uuid.uuid4().hex[:8].upper()}"
    with db.session(url) as s:
        clash = s.execute(
            sa.select(campaign_t.c.campaign_id).where(
                campaign_t.c.org_unit_id == org_unit_id,
                campaign_t.c.period_id == period_id,
                campaign_t.c.indicator_id == found.indicator_id,
            )
        ).first()
        if clash:
            raise CampaignError(
                f"{unit.name} {period_id} 已有评议 {clash[0]} / {org_unit_id} already has "
                f"campaign {clash[0]} for {period_id}"
            )
        row = {
            "campaign_id": campaign_id,
            "period_id": period_id,
            "org_unit_id": org_unit_id,
            "procuratorate_id": unit.procuratorate_id,
            "spec_id": found.spec_id,
            "indicator_id": found.indicator_id,
            "levels": json.dumps(found.levels, ensure_ascii=False),
            "scale": json.dumps(found.scale, ensure_ascii=False) if found.scale else None,
            "deadline": deadline,
            "status": "open",
            "opened_by": account.username,
            "opened_at": now,
            "closed_by": None,
            "closed_at": None,
        }
        s.execute(sa.insert(campaign_t).values(**row))
        s.execute(
            sa.insert(assignment_t),
            [
                {"campaign_id": campaign_id, "rater_id": r, "ratee_id": e, "rater_level": lv}
                for r, e, lv in pairs
            ],
        )
        history.append(
            s,
            account.actor,
            campaign_t.name,
            campaign_id,
            "open",
            None,
            row,
            reason=f"{len(pairs)} ballots due",
        )
        audit.append(
            s,
            account.actor,
            "rating_open",
            "ok",
            f"campaign:{campaign_id}",
            len(pairs),
            {"org_unit": org_unit_id, "period": period_id},
        )
    return campaign_id


def _points(
    campaign: Mapping[str, object], level: str, choice: str | None, score: float | None
) -> tuple[str | None, float]:
    scale = json.loads(str(campaign["scale"])) if campaign["scale"] else None
    top = float(json.loads(str(campaign["levels"]))[level])
    if scale:
        if choice not in scale:
            raise CampaignError(f"请选择：{'、'.join(scale)} / choose one of: {', '.join(scale)}")
        return choice, float(scale[choice])
    if score is None or not 0 <= float(score) <= top:
        raise CampaignError(f"分值须在 0 到 {top:g} 之间 / the score must be 0..{top:g}")
    return None, float(score)


def cast(
    account: AccountView,
    campaign_id: str,
    ratee_id: str,
    choice: str | None = None,
    score: float | None = None,
    abstain: bool = False,
    now: datetime | None = None,
    url: str | None = None,
) -> None:
    """Cast or change the account's ballot for one ratee (until the deadline)."""
    rater = account.person_id
    if account.disabled or not rater:
        raise NotAllowed(f"{account.username} 未绑定人员，不能评议 / is bound to no person")
    _cast(account.actor, rater, campaign_id, ratee_id, choice, score, abstain, now, url)


def _cast(
    actor: Actor,
    rater: str,
    campaign_id: str,
    ratee_id: str,
    choice: str | None,
    score: float | None,
    abstain: bool,
    now: datetime | None,
    url: str | None,
) -> None:
    now = now or db.now()
    with db.session(url) as s:
        campaign = _campaign(s, campaign_id)
        if campaign["status"] != "open" or now > campaign["deadline"]:
            raise CampaignError(
                f"评议 {campaign_id} 已截止，不能再投票 / campaign {campaign_id} is past its "
                "deadline; ballots are frozen"
            )
        pair = s.execute(
            sa.select(assignment_t.c.rater_level).where(
                assignment_t.c.campaign_id == campaign_id,
                assignment_t.c.rater_id == rater,
                assignment_t.c.ratee_id == ratee_id,
            )
        ).first()
        if pair is None:
            raise NotAllowed(
                f"您不是 {ratee_id} 在评议 {campaign_id} 中的评议人 / you do not rate {ratee_id} "
                f"in campaign {campaign_id}"
            )
        label, points = (None, None) if abstain else _points(campaign, pair[0], choice, score)
        key = (
            ballot_t.c.campaign_id == campaign_id,
            ballot_t.c.rater_id == rater,
            ballot_t.c.ratee_id == ratee_id,
        )
        before = s.execute(sa.select(ballot_t).where(*key)).first()
        values = {"choice": label, "score": points, "abstained": abstain, "updated_at": now}
        if before is None:
            s.execute(
                sa.insert(ballot_t).values(
                    campaign_id=campaign_id,
                    rater_id=rater,
                    ratee_id=ratee_id,
                    cast_at=now,
                    **values,
                )
            )
        else:
            s.execute(sa.update(ballot_t).where(*key).values(**values))
        # The history keeps the ballot (the store's own record, never shown to others).
        record_id = f"{campaign_id}:{rater}:{ratee_id}"
        history.append(
            s,
            actor,
            ballot_t.name,
            record_id,
            "cast" if before is None else "change",
            dict(before._mapping) if before else None,
            values,
        )
        audit.append(s, actor, "rating_cast", "ok", f"campaign:{campaign_id}", 1)


def close(
    account: AccountView,
    campaign_id: str,
    directory: org.Directory,
    now: datetime | None = None,
    url: str | None = None,
) -> int:
    """Close a campaign after its deadline: its ballots go to ``ratings``; the count."""
    now = now or db.now()
    with db.session(url) as s:
        campaign = _campaign(s, campaign_id)
        if not _may_organise(account, _unit(directory, str(campaign["org_unit_id"]))):
            raise NotAllowed(
                f"{account.username} 不能关闭评议 {campaign_id} / may not close {campaign_id}"
            )
        if campaign["status"] != "open":
            raise CampaignError(f"评议 {campaign_id} 已关闭 / campaign {campaign_id} is closed")
        if now <= campaign["deadline"]:
            raise CampaignError(
                f"评议 {campaign_id} 未到截止时间（{campaign['deadline']}），不能关闭 / campaign "
                f"{campaign_id} cannot close before its deadline ({campaign['deadline']})"
            )
        ballots = s.execute(
            sa.select(ballot_t, assignment_t.c.rater_level)
            .join(
                assignment_t,
                sa.and_(
                    assignment_t.c.campaign_id == ballot_t.c.campaign_id,
                    assignment_t.c.rater_id == ballot_t.c.rater_id,
                    assignment_t.c.ratee_id == ballot_t.c.ratee_id,
                ),
            )
            .where(ballot_t.c.campaign_id == campaign_id)
            .order_by(ballot_t.c.ratee_id, ballot_t.c.rater_id)
        ).all()
        stamp = now.isoformat(timespec="seconds")
        rows = [
            {
                "rating_id": f"{campaign_id}-{i:05d}",
                "period_id": campaign["period_id"],
                "ratee_id": b.ratee_id,
                "rater_id": b.rater_id,
                "rater_level": b.rater_level,
                "score": None if b.abstained else b.score,
                "rated_at": b.updated_at.isoformat(timespec="seconds"),
                "updated_at": stamp,
            }
            for i, b in enumerate(ballots, start=1)
        ]
        ratings = sa.table(RATINGS_TABLE, *(sa.column(c) for c in (rows[0] if rows else {})))
        if rows:
            s.execute(sa.insert(ratings), rows)
        after = {**campaign, "status": "closed", "closed_by": account.username, "closed_at": now}
        done = s.execute(
            sa.update(campaign_t)
            .where(campaign_t.c.campaign_id == campaign_id, campaign_t.c.status == "open")
            .values(status="closed", closed_by=account.username, closed_at=now)
        )
        if done.rowcount != 1:
            raise CampaignError(
                f"评议 {campaign_id} 已被关闭 / campaign {campaign_id} closed meanwhile"
            )
        history.append(
            s,
            account.actor,
            campaign_t.name,
            campaign_id,
            "close",
            campaign,
            after,
            reason=f"{len(rows)} ballots to ratings",
        )
        history.append_many(
            s,
            account.actor,
            RATINGS_TABLE,
            "rating_id",
            rows,
            "add",
            reason=f"campaign {campaign_id}",
            batch=campaign_id,
        )
        audit.append(s, account.actor, "rating_close", "ok", f"campaign:{campaign_id}", len(rows))
    return len(rows)


def turnout(
    account: AccountView, campaign_id: str, directory: org.Directory, url: str | None = None
) -> list[Turnout]:
    """Ballots due and in per level — counts only, never who gave what."""
    with db.session(url) as s:
        campaign = _campaign(s, campaign_id)
        if not _may_organise(account, _unit(directory, str(campaign["org_unit_id"]))):
            raise NotAllowed(
                f"{account.username} 不能查看评议 {campaign_id} 的参评情况 / may not see the "
                f"turnout of {campaign_id}"
            )
        a, b = assignment_t, ballot_t
        rows = s.execute(
            sa.select(
                a.c.rater_level,
                sa.func.count(),
                sa.func.count(b.c.rater_id),
                sa.func.coalesce(sa.func.sum(sa.case((b.c.abstained, 1), else_=0)), 0),
            )
            .select_from(
                a.outerjoin(
                    b,
                    sa.and_(
                        b.c.campaign_id == a.c.campaign_id,
                        b.c.rater_id == a.c.rater_id,
                        b.c.ratee_id == a.c.ratee_id,
                    ),
                )
            )
            .where(a.c.campaign_id == campaign_id)
            .group_by(a.c.rater_level)
        ).all()
    order = list(json.loads(str(campaign["levels"])))
    found = {r[0]: Turnout(r[0], int(r[1]), int(r[2]), int(r[3])) for r in rows}
    return [found[level] for level in order if level in found]


def organised(
    account: AccountView, directory: org.Directory, url: str | None = None
) -> list[dict[str, object]]:
    """The campaigns the account may run (open and close), newest first."""
    with db.session(url) as s:
        rows = [
            dict(r._mapping)
            for r in s.execute(sa.select(campaign_t).order_by(campaign_t.c.opened_at.desc()))
        ]
    return [
        r
        for r in rows
        if r["org_unit_id"] in directory.units
        and _may_organise(account, directory.units[str(r["org_unit_id"])])
    ]


def my_ballots(account: AccountView, url: str | None = None) -> list[dict[str, object]]:
    """The account's own ballots due in open campaigns: one row per ratee, with the
    account's current choice (or nothing yet)."""
    if not account.person_id or account.disabled:
        return []
    a, b, c = assignment_t, ballot_t, campaign_t
    query = (
        sa.select(
            c.c.campaign_id,
            c.c.period_id,
            c.c.org_unit_id,
            c.c.deadline,
            c.c.scale,
            c.c.levels,
            a.c.ratee_id,
            a.c.rater_level,
            b.c.choice,
            b.c.score,
            b.c.abstained,
            b.c.updated_at,
        )
        .select_from(
            a.join(c, c.c.campaign_id == a.c.campaign_id).outerjoin(
                b,
                sa.and_(
                    b.c.campaign_id == a.c.campaign_id,
                    b.c.rater_id == a.c.rater_id,
                    b.c.ratee_id == a.c.ratee_id,
                ),
            )
        )
        .where(a.c.rater_id == account.person_id, c.c.status == "open")
        .order_by(c.c.deadline, a.c.campaign_id, a.c.ratee_id)
    )
    with db.session(url) as s:
        return [dict(r._mapping) for r in s.execute(query)]

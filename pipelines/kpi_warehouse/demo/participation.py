"""The demo's rating campaign in progress and journals awaiting review, added by `kpi demo`
after the sources are generated, through the store's services (acting as ``demo``) and
dated relative to today, so the campaign is open and the journals' weeks are recent
whenever the demo is made.

- a campaign for the city's 第一检察部 (``PRC-CITY-gongsu``) for the current quarter, its
  deadline three weeks ahead: the raters bound to no demo account have voted (one of them
  abstained once), so the accounts ``leader``, ``dept_head``, ``reviewer``, ``clerk`` and
  ``staff`` each still have ballots to cast and ``liaison``/``appraisal_office`` see the
  turnout;
- a closed campaign of the same department for the quarter before, every rater having
  voted: its ballots replace that department's generated ratings of that quarter (as if
  it had rated that quarter in the product) and reach the build like any rating — so the
  snapshot shows what a closed campaign yields, only as summaries of three or more;
- weekly journals of that department's members for the two weeks before this one: the
  earlier week reviewed by the section chief (awaiting the supervising leader and the
  head), the later one only self-scored (awaiting the section chief); three weeks back,
  one member's week excused (official trip) and not back-filled. This week is left for
  everyone to write.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from kpi_warehouse.store import db, history
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.participation import campaigns, journals, org, tiers

UNIT = "PRC-CITY-gongsu"
DEMO = Actor("demo")
WORK = (
    "办理审查起诉案件{n}件，出庭支持公诉{m}次，完成案件质量自查。",
    "审查逮捕案件{n}件，参加检察官联席会议{m}次，撰写审查报告。",
    "跟进认罪认罚案件{n}件，开展释法说理{m}次，整理案卷材料。",
)


def _pick(*parts: object) -> int:
    """A stable number from the parts (the same demo every time)."""
    return zlib.crc32("|".join(map(str, parts)).encode())


def _quarter(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def seed(
    office_url: str, app_url: str, demo_people: set[str], today: date | None = None
) -> tuple[str, int, int]:
    """Add the campaign and the journals; (campaign id, ballots cast, journals written)."""
    today = today or db.now().date()
    directory = org.load(office_url)
    unit = directory.units[UNIT]
    found = tiers.find(unit.dept_key, _quarter(today))
    admin = _SeedAccount()
    deadline = datetime.combine(today + timedelta(days=21), time(23, 59, 59))
    campaign_id = campaigns.open_campaign(
        admin.view, UNIT, _quarter(today), deadline, directory, found, url=app_url
    )
    cast = 0
    abstained = False
    for rater, ratee, level in campaigns._roster(directory, unit, found.levels):
        if rater in demo_people:
            continue
        top = found.levels[level]
        if not abstained:
            campaigns._cast(DEMO, rater, campaign_id, ratee, None, None, True, None, app_url)
            abstained = True
        else:
            points = round(top * (0.75 + (_pick(rater, ratee) % 21) / 100))
            campaigns._cast(DEMO, rater, campaign_id, ratee, None, points, False, None, app_url)
        cast += 1
    _closed_campaign(directory, unit, today, app_url)
    written = 0
    this_week = journals.monday(today)
    members = directory.unit_members(UNIT)
    chiefs = [m for m in members if m.post in org.DEPUTY_POSTS]
    for member in members:
        if member.post in org.HEAD_POSTS:
            continue
        for back in (2, 1):
            week = this_week - timedelta(weeks=back)
            n = _pick(member.person_id, week)
            text = WORK[n % len(WORK)].format(n=2 + n % 4, m=1 + n % 3)
            jid = journals._write(
                DEMO, member.person_id, week, 38 + n % 11, text, week + timedelta(days=4), app_url
            )
            written += 1
            chief = next((c for c in chiefs if c.person_id != member.person_id), None)
            if back == 2 and chief and member.post not in org.DEPUTY_POSTS:
                journals._review(
                    DEMO, chief.person_id, jid, 40 + n % 9, directory, "按时完成，质量较好", app_url
                )
    excused = next((m for m in members if m.post not in org.HEAD_POSTS), None)
    head = next((m for m in members if m.post in org.HEAD_POSTS), None)
    if excused and head:
        _excuse(
            head.person_id, excused.person_id, this_week - timedelta(weeks=3), directory, app_url
        )
    return campaign_id, cast, written


def _previous_quarter(today: date) -> tuple[str, date]:
    """The quarter before ``today``'s, and its last day."""
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = first - timedelta(days=1)
    return _quarter(last), last


def _closed_campaign(directory: org.Directory, unit: org.Unit, today: date, url: str) -> None:
    period, last = _previous_quarter(today)
    posts = [m.post for m in directory.unit_members(unit.org_unit_id)]
    found = tiers.find(unit.dept_key, period, posts=posts)
    deadline = datetime.combine(last, time(23, 59, 59))
    cid = campaigns.open_campaign(
        _SeedAccount().view,
        unit.org_unit_id,
        period,
        deadline,
        directory,
        found,
        now=deadline - timedelta(days=14),
        url=url,
    )
    for rater, ratee, level in campaigns._roster(directory, unit, found.levels):
        points = round(found.levels[level] * (0.72 + (_pick(period, rater, ratee) % 26) / 100))
        campaigns._cast(
            DEMO, rater, cid, ratee, None, points, False, deadline - timedelta(days=2), url
        )
    ratees = [m.person_id for m in directory.unit_members(unit.org_unit_id)]
    ratings = sa.table(
        "ratings",
        sa.column("rating_id"),
        sa.column("period_id"),
        sa.column("ratee_id"),
        sa.column("rater_id"),
        sa.column("rater_level"),
        sa.column("score"),
    )
    with db.session(url) as s:
        old = s.execute(
            sa.select(ratings).where(ratings.c.period_id == period, ratings.c.ratee_id.in_(ratees))
        ).all()
        s.execute(
            sa.delete(ratings).where(ratings.c.period_id == period, ratings.c.ratee_id.in_(ratees))
        )
        for row in old:
            history.append(
                s,
                DEMO,
                "ratings",
                str(row.rating_id),
                "void",
                dict(row._mapping),
                None,
                reason=f"replaced by campaign {cid}",
            )
    campaigns.close(_SeedAccount().view, cid, directory, now=deadline + timedelta(hours=1), url=url)


def _excuse(reviewer: str, person: str, week: date, directory: org.Directory, url: str) -> None:
    view = _SeedAccount(person_id=reviewer).view
    journals.excuse(view, person, week, "trip", directory, url)


class _SeedAccount:
    """The demo generator acting: an admin-like view named ``demo`` (no account row)."""

    def __init__(self, person_id: str | None = None) -> None:
        from kpi_warehouse.store.accounts import AccountView

        self.view = AccountView(
            0, "demo", ("admin",), person_id, None, None, None, False, None, None
        )


def seed_for_demo(office_url: str, app_url: str) -> str:
    """`kpi demo`'s step: seed, leaving the demo accounts' people their own acts; a line
    to print."""
    from kpi_warehouse.demo.accounts import demo_accounts, read_roster

    people = {a.person_id for a in demo_accounts(read_roster(office_url)) if a.person_id}
    campaign_id, cast, written = seed(office_url, app_url, people)
    return (
        f"评议 {campaign_id} 进行中（已投 {cast} 票），周记 {written} 篇待审核 / campaign "
        f"{campaign_id} open ({cast} ballots cast), {written} journals awaiting review"
    )

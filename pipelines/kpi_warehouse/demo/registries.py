"""Application store (应用库) rows: the five shared registries, manual entries and ratings.

Each registry row is ``recorded_by`` the keeping department of the person's procuratorate
(bulletins → 办公室, awards → 政治部, publicity → 宣传处, research → 政研室,
discipline → 监察处).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from .common import Context, Row, Tables, clamp, half, poisson, share_of_quarter, stream, ts
from .org import REGISTRY_KEEPER, Person
from .texts import (
    AWARD_LEVEL_PREFIX,
    AWARD_TITLES,
    BULLETIN_TEMPLATES,
    COLLECTIVE_AWARD_TITLES,
    DISCIPLINE_TEXT,
    KEY_PROJECTS,
    OUTLETS,
    PENALTY_REASONS,
    RESEARCH_TEMPLATES,
    RESEARCH_TOPICS,
    REWARD_REASONS,
)

LEVELS = ("national", "provincial", "city", "district")
# Media / award level weights by the level of the person's procuratorate.
_MEDIA_WEIGHTS = {"district": (1, 15, 34, 50), "city": (3, 35, 57, 5)}
_AWARD_WEIGHTS = {"district": (3, 17, 35, 45), "city": (7, 33, 60, 0)}
_HIGHER = {"district": "city", "city": "provincial", "provincial": "national"}

TWO_LEVEL_EVENT = "EV-0001"  # forced: one person honoured at city and provincial level


def build_app(ctx: Context) -> Tables:
    return {
        "reg_bulletins": _bulletins(ctx),
        "reg_awards": _awards(ctx),
        "reg_publicity": _publicity(ctx),
        "reg_research": _research(ctx),
        "reg_discipline": _discipline(ctx),
        "manual_entries": _manual_entries(ctx),
        "ratings": _ratings(ctx),
    }


def keeper(ctx: Context, person: Person, table: str) -> str:
    """org_unit_id of the office keeping ``table`` in the person's procuratorate."""
    return ctx.org.unit(person.procuratorate.procuratorate_id, REGISTRY_KEEPER[table]).org_unit_id


def _per_quarter(
    ctx: Context,
    rng: random.Random,
    rate: Callable[[Person, float], float],
) -> list[tuple[date, Person, float]]:
    """(day, person, quarter diligence) for each item of a Poisson process, sorted by day."""
    found: list[tuple[date, Person, float]] = []
    for person in ctx.org.people:
        for qi, (_, first, last) in enumerate(ctx.quarters):
            days = ctx.active_workdays(person, first, last)
            if not days:
                continue
            d = ctx.qdil[person.person_id][qi]
            share = share_of_quarter(ctx, qi, len(days))
            for _ in range(poisson(rng, rate(person, d) * share)):
                found.append((rng.choice(days), person, d))
    found.sort(key=lambda f: (f[0], f[1].person_id))
    return found


def _media_level(rng: random.Random, person: Person, d: float) -> str:
    weights = list(_MEDIA_WEIGHTS[person.procuratorate.level])
    weights[0] *= 0.5 + d  # the diligent reach higher media more often
    weights[1] *= 0.5 + d
    return rng.choices(LEVELS, weights=weights)[0]


def _bulletins(ctx: Context) -> list[Row]:
    rng = stream(ctx.seed, "bulletins")
    mult = {"office": 2.0, "publicity": 1.5}

    def rate(p: Person, d: float) -> float:
        return (0.1 + 2.5 * d * d) * mult.get(p.unit.dept_key, 1.0)

    rows: list[Row] = []
    for i, (day, person, d) in enumerate(_per_quarter(ctx, rng, rate), start=1):
        rows.append(
            (
                f"BL{i:06d}",
                person.person_id,
                rng.choice(BULLETIN_TEMPLATES).format(short=person.procuratorate.short),
                _media_level(rng, person, d),
                day.isoformat(),
                keeper(ctx, person, "reg_bulletins"),
                ts(day),
            )
        )
    return rows


def _local_outlet(division: str) -> str:
    """A county-level government's news account: 梁溪区 → 梁溪发布, 丰县 → 丰县发布."""
    stem = division[:-1] if len(division) > 2 and division[-1] in "区市县" else division
    return f"{stem}发布"


def _publicity(ctx: Context) -> list[Row]:
    rng = stream(ctx.seed, "publicity")
    mult = {"publicity": 4.0, "office": 1.5}

    def rate(p: Person, d: float) -> float:
        return (0.05 + 1.2 * d * d) * mult.get(p.unit.dept_key, 1.0)

    rows: list[Row] = []
    district_outlet = {
        "PRC-D1": "玄武发布",
        "PRC-D2": "秦淮发布",
        "PRC-D3": "鼓楼发布",
        "PRC-D4": "建邺发布",
    }
    for i, (day, person, d) in enumerate(_per_quarter(ctx, rng, rate), start=1):
        level = _media_level(rng, person, d)
        prc_id = person.procuratorate.procuratorate_id
        if level == "district" and prc_id in district_outlet:
            outlet = district_outlet[prc_id]
        elif level == "district" and person.procuratorate.level == "district":
            outlet = _local_outlet(person.procuratorate.district)  # a province's other districts
        else:
            outlet = rng.choice(OUTLETS[level])
        rows.append(
            (
                f"PB{i:06d}",
                person.person_id,
                outlet,
                level,
                day.isoformat(),
                keeper(ctx, person, "reg_publicity"),
                ts(day),
            )
        )
    return rows


def _research(ctx: Context) -> list[Row]:
    """Papers; a joint paper appears once per author employed here, all with the same
    ``co_authors`` count."""
    rng = stream(ctx.seed, "research")
    mult = {"research": 10.0, "political": 14.0}

    def rate(p: Person, d: float) -> float:
        return (0.01 + 0.4 * d**3) * mult.get(p.unit.dept_key, 1.0)

    rows: list[Row] = []
    for day, person, d in _per_quarter(ctx, rng, rate):
        level = rng.choices(("core", "provincial", "general"), weights=(5 + 20 * d, 35, 55))[0]
        n_authors = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
        title = rng.choice(RESEARCH_TEMPLATES).format(topic=rng.choice(RESEARCH_TOPICS))
        colleagues = [m for m in person.unit.members if m is not person and m.active_on(day)][:12]
        authors = [person] + rng.sample(colleagues, min(n_authors - 1, len(colleagues)))
        for author in authors:
            rows.append(
                (
                    f"RP{len(rows) + 1:05d}",
                    author.person_id,
                    title,
                    level,
                    n_authors,
                    day.isoformat(),
                    keeper(ctx, author, "reg_research"),
                    ts(day),
                )
            )
    return rows


def _award_title(person: Person, level: str, base: str) -> str:
    return AWARD_LEVEL_PREFIX[level].format(district=person.procuratorate.district) + base


def _awards(ctx: Context) -> list[Row]:
    rng = stream(ctx.seed, "awards")
    rows: list[Row] = []

    def add(
        event: str,
        person: Person | None,
        unit_id: str | None,
        level: str,
        title: str,
        day: date,
        keeper_of: Person,
    ) -> None:
        rows.append(
            (
                f"AW{len(rows) + 1:05d}",
                event,
                person.person_id if person else None,
                unit_id,
                level,
                0 if person else 1,
                title,
                day.isoformat(),
                keeper(ctx, keeper_of, "reg_awards"),
                ts(day),
            )
        )

    # Dirty row (2): one event honoured at city and provincial level for the same person.
    whole = [
        p
        for p in ctx.org.people
        if not p.is_leader and p.active_from == ctx.start and p.active_to == ctx.end
    ]
    star = max(whole or ctx.org.people, key=lambda p: (p.diligence, p.person_id))
    first_day = ctx.workdays[min(len(ctx.workdays) - 1, 25)]
    second_day = ctx.workdays[min(len(ctx.workdays) - 1, 70)]
    add(
        TWO_LEVEL_EVENT,
        star,
        None,
        "city",
        _award_title(star, "city", "先进个人"),
        first_day,
        star,
    )
    add(
        TWO_LEVEL_EVENT,
        star,
        None,
        "provincial",
        _award_title(star, "provincial", "先进个人"),
        second_day,
        star,
    )

    # Individual awards, a few honoured again one level higher.
    events: list[tuple[date, Person | None, str | None, str, str, Person]] = []

    def rate(p: Person, d: float) -> float:
        return (0.01 + 0.5 * d**3) * (2.5 if p.unit.dept_key == "political" else 1.0)

    for day, person, _d in _per_quarter(ctx, rng, rate):
        level = rng.choices(LEVELS, weights=_AWARD_WEIGHTS[person.procuratorate.level])[0]
        events.append((day, person, None, level, rng.choice(AWARD_TITLES), person))
    # Collective awards: person_id NULL, org_unit_id set.
    for unit in ctx.org.units:
        for _, first, last in ctx.quarters:
            if unit.members and rng.random() < 0.05:
                level = rng.choices(LEVELS, weights=_AWARD_WEIGHTS[unit.procuratorate.level])[0]
                day = rng.choice([w for w in ctx.workdays if first <= w <= last])
                events.append(
                    (
                        day,
                        None,
                        unit.org_unit_id,
                        level,
                        rng.choice(COLLECTIVE_AWARD_TITLES),
                        unit.members[0],
                    )
                )
    events.sort(key=lambda e: (e[0], e[1].person_id if e[1] else "", e[2] or ""))
    for n, (day, person, unit_id, level, base, keeper_of) in enumerate(events, start=2):
        event = f"EV-{n:04d}"
        add(event, person, unit_id, level, _award_title(keeper_of, level, base), day, keeper_of)
        if level in _HIGHER and rng.random() < 0.06:
            up = _HIGHER[level]
            later = min(ctx.end, day + timedelta(days=rng.randint(20, 60)))
            add(event, person, unit_id, up, _award_title(keeper_of, up, base), later, keeper_of)
    return rows


def _discipline(ctx: Context) -> list[Row]:
    """A handful of sanctions among the least diligent."""
    rng = stream(ctx.seed, "discipline")
    pool = sorted(
        (p for p in ctx.appraisees(ctx.start, ctx.end) if not p.is_leader),
        key=lambda p: (p.diligence, p.person_id),
    )
    pool = pool[: max(3, len(pool) * 15 // 100)]
    n = min(len(pool), max(2, round(len(ctx.org.people) * 0.015)))
    found: list[tuple[date, Person, str]] = []
    for i, person in enumerate(rng.sample(pool, n)):
        kind = (
            ("efficiency_warning", "admonition", "demerit")[i]
            if i < 3
            else rng.choices(("efficiency_warning", "admonition", "demerit"), (45, 40, 15))[0]
        )
        days = ctx.active_workdays(person, ctx.start, ctx.end)
        found.append((rng.choice(days), person, kind))
    found.sort(key=lambda f: (f[0], f[1].person_id))
    rows: list[Row] = []
    for i, (day, person, kind) in enumerate(found, start=1):
        end_date = (day + timedelta(days=365)).isoformat() if kind == "demerit" else None
        rows.append(
            (
                f"DS{i:04d}",
                person.person_id,
                kind,
                day.isoformat(),
                end_date,
                rng.choice(DISCIPLINE_TEXT[kind]),
                keeper(ctx, person, "reg_discipline"),
                ts(day),
            )
        )
    return rows


def reviewer_of(ctx: Context, person: Person) -> Person:
    """The department head (or the leader in charge) who reviews manual entries."""
    superior = ctx.org.superior(person)
    if superior is not None:
        return superior
    for p in ctx.org.people:  # the city 检察长 in a tiny organisation
        if p is not person and p.status != "long_leave":
            return p
    raise ValueError("no reviewer available")


def _manual_entries(ctx: Context) -> list[Row]:
    """Per quarter: routine work for everyone appraised, key projects for ~40 %, occasional
    rewards and penalties, and a few rejected claims. Entered by a clerk, reviewed by the
    department head (entered_by != reviewed_by always)."""
    rng = stream(ctx.seed, "manual")
    rows: list[Row] = []
    for qi, (pid, first, last) in enumerate(ctx.quarters):
        q_days = [w for w in ctx.workdays if first <= w <= last]
        label = f"{pid[:4]}年第{pid[-1]}季度"
        for person in ctx.appraisees(first, last):
            d = ctx.qdil[person.person_id][qi]
            reviewer = reviewer_of(ctx, person)
            clerk = ctx.org.clerk_for(person, avoid=reviewer)
            day = rng.choice(q_days[-5:])
            review_day = q_days[min(len(q_days) - 1, q_days.index(day) + 1)]
            reviewed_at = ts(review_day, rng.randint(14, 17), rng.randint(0, 59))
            head = (person.person_id, day.isoformat(), clerk.person_id, reviewer.person_id)
            routine = half(clamp(20 + 30 * d + rng.gauss(0, 2.5), 0, 50))
            items = [("routine_work", routine, f"{label}常规工作完成情况（工作台账）", "approved")]
            if rng.random() < 0.15 + 0.5 * d:
                key = half(clamp(10 + 30 * d + rng.gauss(0, 3), 0, 40))
                text = f"{label}重点项目：{rng.choice(KEY_PROJECTS)}"
                items.append(("key_project", key, text, "approved"))
            if rng.random() < 0.05 + 0.2 * d:
                text = f"奖励加分：{rng.choice(REWARD_REASONS)}"
                items.append(("reward", float(rng.randint(1, 5)), text, "approved"))
            if rng.random() < 0.02 + 0.25 * (1 - d) ** 2:
                text = f"扣分：{rng.choice(PENALTY_REASONS)}"
                items.append(("penalty", -float(rng.randint(1, 5)), text, "approved"))
            if rng.random() < 0.02:
                text = f"申报加分：{rng.choice(REWARD_REASONS)}（经审核不符合加分条件）"
                items.append(("reward", float(rng.randint(2, 5)), text, "rejected"))
            for item, value, text, status in items:
                rows.append(
                    (
                        f"ME{len(rows) + 1:06d}",
                        head[0],
                        item,
                        value,
                        head[1],
                        text,
                        head[2],
                        head[3],
                        status,
                        reviewed_at,
                        reviewed_at,
                    )
                )
    return rows


def _ratings(ctx: Context) -> list[Row]:
    """Per quarter, 2–3 leaders and about 5 colleagues rate each appraisee (60–100)."""
    rng = stream(ctx.seed, "ratings")
    rows: list[Row] = []
    for qi, (pid, first, last) in enumerate(ctx.quarters):
        day = [w for w in ctx.workdays if first <= w <= last][-1]
        active = ctx.appraisees(first, last)
        by_unit: dict[str, list[Person]] = {}
        by_prc: dict[str, list[Person]] = {}
        for p in active:
            by_unit.setdefault(p.unit.org_unit_id, []).append(p)
            by_prc.setdefault(p.procuratorate.procuratorate_id, []).append(p)
        for person in active:
            d = ctx.qdil[person.person_id][qi]
            leaders = [r for r in ctx.org.leader_raters(person) if r.overlaps(first, last)]
            leaders = leaders[: rng.choice((2, 3))]
            pool = by_unit[person.unit.org_unit_id] if not person.is_leader else []
            if len(pool) < 7:
                pool = by_prc[person.procuratorate.procuratorate_id]
            picks = rng.sample(pool, min(len(pool), 5 + len(leaders) + 1))
            colleagues = [c for c in picks if c is not person and c not in leaders][:5]
            for level, raters in (("leader", leaders), ("colleague", colleagues)):
                for rater in raters:
                    score: float | None = None
                    if rng.random() >= 0.03:
                        noise = rng.gauss(0, 0.07 if level == "leader" else 0.1)
                        score = float(round(60 + 40 * clamp(0.15 + 0.8 * d + noise)))
                    at = ts(day, rng.randint(9, 17), rng.randint(0, 59))
                    rows.append(
                        (
                            f"RT{len(rows) + 1:07d}",
                            pid,
                            person.person_id,
                            rater.person_id,
                            level,
                            score,
                            at,
                            at,
                        )
                    )
    return rows

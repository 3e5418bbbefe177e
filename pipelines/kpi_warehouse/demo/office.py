"""Office system (办公系统) rows: directory, attendance, study, work journals, documents."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .common import Context, Row, Tables, clamp, half, poisson, share_of_quarter, stream, ts
from .documents_daily import daily_documents
from .org import Person
from .texts import DOC_TEMPLATES, THEORY_TOPICS, TOPICS, TRAINING_TOPICS
from .workdays import next_working_day

# (leave_type, probability per person-quarter, min and max working days). Long blocks come
# first so they stay contiguous; later blocks never overwrite earlier days.
LEAVE_BLOCKS: tuple[tuple[str, float, int, int], ...] = (
    ("sick", 0.004, 41, 50),  # sick leave > 40 working days: grade not determined
    ("sick", 0.025, 16, 25),  # leave > 15 working days: no 优秀 bonus
    ("annual", 0.45, 1, 5),
    ("official", 0.25, 1, 3),
    ("sick", 0.12, 1, 3),
    ("personal", 0.12, 1, 2),
)

ON_TIME: tuple[str, str | None] = ("on_time", None)
LATE: tuple[str, str | None] = ("late", None)
EARLY: tuple[str, str | None] = ("early_leave", None)
ABSENT: tuple[str, str | None] = ("absent", None)
_LEAVE = {lt: ("leave", lt) for lt in ("sick", "personal", "annual", "official")}

DayStatus = tuple[str, str | None]


def build_office(ctx: Context) -> Tables:
    grid = _attendance_grid(ctx)
    return {
        "procuratorates": _procuratorates(ctx),
        "org_units": _org_units(ctx),
        "staff": _staff(ctx),
        "attendance": _attendance_rows(ctx, grid),
        **_study(ctx, grid),
        "work_journals": _journals(ctx, grid),
        "documents": daily_documents(ctx, grid) if ctx.density.daily_documents else _documents(ctx),
    }


def _procuratorates(ctx: Context) -> list[Row]:
    return [(p.procuratorate_id, p.name, p.level, p.parent_id) for p in ctx.org.procuratorates]


def _org_units(ctx: Context) -> list[Row]:
    return [
        (u.org_unit_id, u.procuratorate.procuratorate_id, u.name, u.dept_key, u.kind)
        for u in ctx.org.units
    ]


def _staff(ctx: Context) -> list[Row]:
    return [
        (
            p.person_id,
            p.name,
            p.unit.org_unit_id,
            p.post,
            p.category,
            p.hire_date.isoformat(),
            p.status,
            p.leave_date.isoformat() if p.leave_date else None,
            ts(p.leave_date or p.hire_date),
        )
        for p in ctx.org.people
    ]


def _attendance_grid(ctx: Context) -> list[list[DayStatus | None]]:
    """Per person (in directory order) the status of every working day (None = no record)."""
    rng = stream(ctx.seed, "attendance")
    index = {d: i for i, d in enumerate(ctx.workdays)}
    grid: list[list[DayStatus | None]] = []
    for person in ctx.org.people:
        row: list[DayStatus | None] = [None] * len(ctx.workdays)
        grid.append(row)
        for qi, (_, first, last) in enumerate(ctx.quarters):
            days = ctx.active_workdays(person, first, last)
            if not days:
                continue
            d = ctx.qdil[person.person_id][qi]
            special = _special_days(rng, len(days), d)
            p_late = 0.003 + 0.17 * (1 - d) ** 3 * person.habit
            p_early = p_late + 0.002 + 0.05 * (1 - d) ** 3
            base = index[days[0]]
            for i in range(len(days)):
                status = special.get(i)
                if status is None:
                    r = rng.random()
                    status = LATE if r < p_late else EARLY if r < p_early else ON_TIME
                row[base + i] = status
    return grid


def _special_days(rng: random.Random, n: int, d: float) -> dict[int, DayStatus]:
    special: dict[int, DayStatus] = {}
    for leave_type, prob, lo, hi in LEAVE_BLOCKS:
        if rng.random() < prob:
            length = min(n, rng.randint(lo, hi))
            first = rng.randint(0, n - length)
            for i in range(first, first + length):
                special.setdefault(i, _LEAVE[leave_type])
    if d < 0.2:
        absences = rng.randint(1, 3) if rng.random() < 0.5 else 0
    elif d < 0.4:
        absences = 1 if rng.random() < 0.1 else 0
    else:
        absences = 1 if rng.random() < 0.01 else 0
    free = [i for i in range(n) if i not in special]
    for i in rng.sample(free, min(absences, len(free))):
        special[i] = ABSENT
    return special


def _attendance_rows(ctx: Context, grid: list[list[DayStatus | None]]) -> list[Row]:
    """Day by day, person by person, as a clocking system records them."""
    rows: list[Row] = []
    people = ctx.org.people
    for di, day in enumerate(ctx.workdays):
        iso, upd = day.isoformat(), ts(day)
        for pi, person in enumerate(people):
            status = grid[pi][di]
            if status is not None:
                rows.append(
                    (f"AT{len(rows) + 1:08d}", person.person_id, iso, status[0], status[1], upd)
                )
    return rows


def _months(start: date, end: date) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _study(ctx: Context, grid: list[list[DayStatus | None]]) -> Tables:
    """Theory study twice a month and training once a month, in every procuratorate."""
    rng = stream(ctx.seed, "study")
    plan: list[tuple[date, int, str, str]] = []  # date, procuratorate index, type, title
    for mi, (y, m) in enumerate(_months(ctx.start, ctx.end)):
        for pi, _ in enumerate(ctx.org.procuratorates):
            for k, dom in enumerate((8, 22)):
                topic = THEORY_TOPICS[(2 * mi + k + pi) % len(THEORY_TOPICS)]
                plan.append((next_working_day(date(y, m, dom)), pi, "theory_study", topic))
            topic = TRAINING_TOPICS[(mi + pi) % len(TRAINING_TOPICS)]
            plan.append((next_working_day(date(y, m, 15)), pi, "training", topic))
    plan = sorted((p for p in plan if ctx.start <= p[0] <= ctx.end), key=lambda p: (p[0], p[1]))

    index = {d: i for i, d in enumerate(ctx.workdays)}
    people_index = {p.person_id: i for i, p in enumerate(ctx.org.people)}
    sessions: list[Row] = []
    attendance: list[Row] = []
    for n, (day, pi, kind, title) in enumerate(plan, start=1):
        prc = ctx.org.procuratorates[pi]
        sid, upd = f"SS{n:05d}", ts(day)
        sessions.append((sid, prc.procuratorate_id, kind, title, day.isoformat(), upd))
        qi = ctx.quarter_index(day)
        for person in ctx.org.by_prc[prc.procuratorate_id]:
            if not person.active_on(day):
                continue
            d = ctx.qdil[person.person_id][qi]
            day_status = grid[people_index[person.person_id]][index[day]]
            r = rng.random()
            excused = day_status is not None and day_status[0] in ("leave", "absent")
            if excused or r < 0.01 + 0.12 * (1 - d) ** 2:
                status = "absent"  # not at work that day, or missed it
            elif r < 0.025 + 0.27 * (1 - d) ** 2:
                status = "late"
            else:
                status = "confirmed"
            attendance.append((sid, person.person_id, status, upd))
    return {"study_sessions": sessions, "study_attendance": attendance}


def _journals(ctx: Context, grid: list[list[DayStatus | None]]) -> list[Row]:
    """Weekly work journals (工作周记) reviewed by the person's superior."""
    rng = stream(ctx.seed, "journals")
    index = {d: i for i, d in enumerate(ctx.workdays)}
    reviewers = [ctx.org.superior(p) for p in ctx.org.people]
    weeks: dict[date, list[date]] = {}
    for day in ctx.workdays:
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(day)
    rows: list[Row] = []
    for monday, days in weeks.items():
        if monday < ctx.start:
            continue  # the partial first week belongs to the previous journal cycle
        for pi, person in enumerate(ctx.org.people):
            marks = [grid[pi][index[d]] for d in days]
            worked = [d for d, m in zip(days, marks, strict=True) if m and m[0] != "leave"]
            if not worked:
                continue  # not in post, or on leave the whole week: excused
            d = ctx.qdil[person.person_id][ctx.quarter_index(monday)]
            if rng.random() < 0.02 + 0.3 * (1 - d) ** 2.5:
                continue  # missing journal
            self_score = half(30 + 20 * clamp(0.3 + 0.7 * d + rng.gauss(0, 0.07)))
            reviewer = reviewers[pi]
            review_score: float | None = None
            if reviewer is not None and rng.random() >= 0.15:
                cut = max(0.0, rng.gauss(4 * (1 - d), 1.5))
                review_score = half(clamp(self_score - cut, 0, 50))
            sub_day = worked[-1]
            if rng.random() < 0.12 * (1 - d):
                sub_day = min(ctx.end, sub_day + timedelta(days=3))  # handed in after the weekend
                submitted = ts(sub_day, 9, rng.randint(0, 59))
            else:
                submitted = ts(sub_day, rng.randint(15, 17), rng.randint(0, 59))
            if review_score is not None:
                updated = ts(min(ctx.end, sub_day + timedelta(days=rng.randint(1, 3))))
            else:
                updated = ts(sub_day)
            rows.append(
                (
                    f"WJ{len(rows) + 1:07d}",
                    person.person_id,
                    monday.isoformat(),
                    self_score,
                    reviewer.person_id if reviewer else None,
                    review_score,
                    submitted,
                    updated,
                )
            )
    return rows


_DOC_WEIGHTS = {
    "office": (40, 30, 15, 15),
    "registry_owner": (20, 20, 50, 10),
    "business": (10, 10, 70, 10),
}
_DOC_TYPES = ("收文", "发文", "会议纪要", "督办件")


def _doc_rate(person: Person, d: float) -> float:
    """Documents handled per full quarter; 办公室 staff handle most."""
    if person.is_leader:
        return 2 + 4 * d
    if person.unit.dept_key == "office":
        return 15 + 95 * d * d
    if person.unit.kind == "registry_owner":
        return 2 + 6 * d
    return 0.3 + 1.5 * d


def _documents(ctx: Context) -> list[Row]:
    rng = stream(ctx.seed, "documents")
    found: list[tuple[date, str, str, str]] = []
    for person in ctx.org.people:
        kind = "office" if person.unit.dept_key == "office" else person.unit.kind
        for qi, (_, first, last) in enumerate(ctx.quarters):
            days = ctx.active_workdays(person, first, last)
            if not days:
                continue
            share = share_of_quarter(ctx, qi, len(days))
            n = poisson(rng, _doc_rate(person, ctx.qdil[person.person_id][qi]) * share)
            for _ in range(n):
                doc_type = rng.choices(_DOC_TYPES, weights=_DOC_WEIGHTS[kind])[0]
                day = rng.choice(days)
                title = rng.choice(DOC_TEMPLATES[doc_type]).format(
                    topic=rng.choice(TOPICS),
                    unit=person.procuratorate.name,
                    n=rng.randint(1, 40),
                    month=day.month,
                )
                found.append((day, person.person_id, doc_type, title))
    found.sort(key=lambda f: (f[0], f[1]))
    return [
        (f"DOC{i:06d}", pid, doc_type, title, day.isoformat(), ts(day))
        for i, (day, pid, doc_type, title) in enumerate(found, start=1)
    ]

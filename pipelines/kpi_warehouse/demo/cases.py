"""Case-handling system (办案系统) rows: cases and their procedural events."""

from __future__ import annotations

import itertools
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .case_steps import STEP_KINDS, UNDERTAKER, schedule, steps_of
from .common import Context, Row, Tables, poisson, share_of_quarter, stream, ts
from .org import Person
from .workdays import next_working_day, previous_working_day


@dataclass(frozen=True)
class CaseType:
    name: str  # case_type
    abbr: str  # in the case number
    limits: tuple[tuple[int, int], ...]  # (days, weight)
    outcomes: tuple[tuple[str, int], ...]  # (outcome, weight)
    p_return: float  # base probability of a return for supplementary investigation
    p_extend: float  # base probability of an extension
    p_plea: float = 0.0  # share of 认罪认罚 (plea leniency) among prosecution reviews

    @property
    def limit_days(self) -> list[int]:
        return [x for x, _ in self.limits]

    @property
    def limit_cum(self) -> list[int]:
        return list(itertools.accumulate(w for _, w in self.limits))

    @property
    def outcome_names(self) -> list[str]:
        return [o for o, _ in self.outcomes]

    @property
    def outcome_cum(self) -> list[int]:
        return list(itertools.accumulate(w for _, w in self.outcomes))


def _arrest(abbr: str, not_arrest: int) -> CaseType:
    """审查逮捕: 7 days in custody cases (刑诉法 §91), here one limit of 7 calendar days + 3."""
    return CaseType(
        "审查逮捕",
        abbr,
        ((10, 1),),
        (("批准逮捕", 100 - not_arrest), ("不批准逮捕", not_arrest)),
        0.0,
        0.0,
    )


def _prosecution(abbr: str, not_prosecute: int, p_return: float, p_plea: float) -> CaseType:
    """审查起诉: one month, 45 days for major cases (刑诉法 §172)."""
    return CaseType(
        "审查起诉",
        abbr,
        ((30, 55), (45, 45)),
        (("起诉", 100 - not_prosecute - 2), ("不起诉", not_prosecute), ("撤回", 2)),
        p_return,
        0.06,
        p_plea,
    )


# Per department: the case types it handles, with their weights (捕诉一体: the criminal
# prosecution departments review arrests and prosecute). Rates are near those the SPP
# publishes for 2023–2024: 不捕率 about 35–45 %, 不诉率 about 15–25 %, 认罪认罚 about 85–90 %,
# 退查率 well under 10 %.
CASE_MIX: dict[str, tuple[tuple[CaseType, int], ...]] = {
    "gongsu": ((_arrest("刑捕", 38), 35), (_prosecution("刑诉", 20, 0.03, 0.88), 65)),
    "zhongxing": ((_arrest("刑二捕", 30), 30), (_prosecution("刑二诉", 12, 0.06, 0.80), 70)),
    "zhiwu": ((_prosecution("刑三诉", 3, 0.05, 0.70), 1),),
    "weijian": ((_arrest("未捕", 55), 35), (_prosecution("未诉", 35, 0.02, 0.92), 65)),
    "xingzhi": ((CaseType(
        "刑事执行监督", "刑执", ((30, 1),), (("纠正违法", 30), ("检察建议", 25), ("审查结案", 45)),
        0.0, 0.03), 1),),
    "minshi": ((CaseType(
        "民事诉讼监督", "民监", ((90, 1),),
        (("提请抗诉", 10), ("再审检察建议", 15), ("不支持监督申请", 75)),
        0.0, 0.05), 1),),
    "xingzheng": ((CaseType(
        "行政诉讼监督", "行监", ((90, 1),),
        (("提请抗诉", 8), ("检察建议", 30), ("不支持监督申请", 62)),
        0.0, 0.05), 1),),
    "gongyi": ((CaseType(
        "公益诉讼", "公益", ((60, 1),), (("诉前检察建议", 80), ("提起诉讼", 8), ("终结案件", 12)),
        0.0, 0.04), 1),),
    "konggao": ((CaseType(
        "控告申诉", "控申", ((30, 30), (60, 70)), (("结案", 90), ("撤回", 10)), 0.0, 0.03), 1),),
    "anguan": ((CaseType("案件质量评查", "案管", ((30, 1),), (("结案", 1),), 0.0, 0.02), 1),),
}  # fmt: skip
CASE_TYPES: dict[str, CaseType] = {k: mix[-1][0] for k, mix in CASE_MIX.items()}
"""The main case type of each department (its prosecution review where it has one)."""

# Share of a full caseload by role / post.
_ROLE_LOAD = {"head": 0.6, "deputy": 0.8, "senior": 1.0}
_POST_LOAD = {"检察官": 1.0, "检察员": 1.0, "检察官助理": 0.8}


def caseload(person: Person) -> float:
    if person.unit.kind != "business" or person.is_leader or person.role == "clerk":
        return 0.0
    return _ROLE_LOAD.get(person.role, _POST_LOAD.get(person.post, 0.0))


@dataclass
class _Case:
    person: Person
    ctype: CaseType
    accepted: date
    deadline: date
    closed: date | None
    outcome: str | None
    events: list[tuple[date, str]]
    plea: int | None = None  # 认罪认罚 (1/0) of a prosecution review, NULL otherwise


def build_cases(ctx: Context) -> Tables:
    rng = stream(ctx.seed, "cases")
    found: list[_Case] = []
    for person in ctx.org.people:
        load = caseload(person)
        if load == 0.0:
            continue
        mix = CASE_MIX[person.unit.dept_key]
        types = [t for t, _ in mix]
        weights = [w for _, w in mix]
        for qi, (_, first, last) in enumerate(ctx.quarters):
            days = ctx.active_workdays(person, first, last)
            if not days:
                continue
            d = ctx.qdil[person.person_id][qi]
            lam = (3 + 22 * d) * load * share_of_quarter(ctx, qi, len(days))
            for _ in range(poisson(rng, lam)):
                ctype = types[0] if len(types) == 1 else rng.choices(types, weights)[0]
                found.append(_one_case(ctx, rng, person, ctype, rng.choice(days), d))

    order = {p.procuratorate_id: i for i, p in enumerate(ctx.org.procuratorates)}
    found.sort(
        key=lambda c: (
            c.accepted,
            order[c.person.procuratorate.procuratorate_id],
            c.person.person_id,
        )
    )
    numbers: dict[tuple[str, str, int], int] = {}
    cases: list[Row] = []
    log = _EventLog(ctx)
    for n, c in enumerate(found, start=1):
        prc = c.person.procuratorate
        key = (prc.procuratorate_id, c.ctype.abbr, c.accepted.year)
        numbers[key] = numbers.get(key, 0) + 1
        events = [e for e in c.events if e[0] <= ctx.end]
        cases.append(
            (
                f"CS{n:07d}",
                f"{prc.case_prefix}{c.ctype.abbr}〔{c.accepted.year}〕{numbers[key]}号",
                c.ctype.name,
                prc.procuratorate_id,
                c.person.unit.org_unit_id,
                c.person.person_id,
                c.accepted.isoformat(),
                c.deadline.isoformat(),
                c.closed.isoformat() if c.closed else None,
                c.outcome,
                c.plea,
                ts(max(e[0] for e in events)),
            )
        )
        log.add(n, c, events)
    rows = log.rows()
    return {"cases": cases, "case_events": rows if ctx.density.case_steps else list(rows)}


# Event kinds by code: the demo's four, then the procedural steps (province density).
_KINDS: tuple[str, ...] = ("受理", "退回补充侦查", "延长审查期限", "审结", *STEP_KINDS)
_KIND_CODE = {k: i for i, k in enumerate(_KINDS)}
_CLOSED = _KIND_CODE["审结"]


class _EventLog:
    """Case events bucketed by working day, each packed into one integer
    ``case_no << 20 | seq << 10 | kind << 2 | role`` (``seq``: the event's place in its case),
    so that millions of events cost 8 bytes each and come out ordered by (day, case, seq)
    with ids ``CE…`` in that order."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.index = {d: i for i, d in enumerate(ctx.workdays)}
        self.buckets: list[array[int]] = [array("q") for _ in ctx.workdays]
        self.people: list[tuple[str, str, str]] = [("", "", "")]  # by case_no: who does what
        self.rng = stream(ctx.seed, "case-steps")

    def add(self, case_no: int, c: _Case, events: list[tuple[date, str]]) -> None:
        pid = c.person.person_id
        logged = [(self.index[day], _KIND_CODE[kind], UNDERTAKER) for day, kind in events]
        if self.ctx.density.case_steps:
            unit = c.person.unit
            clerk = unit.clerks[0].person_id if unit.clerks else pid
            head = unit.head
            approver = head.person_id if head is not None and head is not c.person else pid
            self.people.append((pid, clerk, approver))
            logged = self._with_steps(c, logged)
        else:
            self.people.append((pid, pid, pid))
        for seq, (di, kind, role) in enumerate(logged):
            self.buckets[di].append(case_no << 20 | seq << 10 | kind << 2 | role)

    def _with_steps(
        self, c: _Case, logged: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, int]]:
        first = logged[0][0]
        if c.closed is not None:
            span = self.index[c.closed] - first
        else:  # open: its life so far, measured against the deadline
            span = round((c.deadline - c.accepted).days * 5 / 7)
        steps = steps_of(c.ctype.name)
        last = len(self.ctx.workdays)
        planned = [
            (di, _KIND_CODE[steps[no].kind], role)
            for di, no, role in schedule(self.rng, steps, first, span)
            if di < last
        ]
        closing = [e for e in logged if e[1] == _CLOSED]
        merged = [e for e in logged if e[1] != _CLOSED] + planned + closing
        merged.sort(key=lambda e: e[0])  # stable: same day keeps 受理 … steps … 审结
        return merged

    def rows(self) -> Iterator[Row]:
        n = 0
        people = self.people
        for day, bucket in zip(self.ctx.workdays, self.buckets, strict=True):
            if not bucket:
                continue
            iso, upd = day.isoformat(), ts(day)
            for v in sorted(bucket):
                n += 1
                no = v >> 20
                yield (
                    f"CE{n:08d}",
                    f"CS{no:07d}",
                    _KINDS[v >> 2 & 255],
                    iso,
                    people[no][v & 3],
                    upd,
                )


def _one_case(
    ctx: Context, rng: random.Random, person: Person, ctype: CaseType, accepted: date, d: float
) -> _Case:
    limit = rng.choices(ctype.limit_days, cum_weights=ctype.limit_cum)[0]
    events: list[tuple[date, str]] = [(accepted, "受理")]
    extra = 0
    if ctype.p_return and rng.random() < ctype.p_return + 0.2 * (1 - d):
        events.append(
            (next_working_day(accepted + timedelta(rng.randint(10, limit - 5))), "退回补充侦查")
        )
        extra += 30
        if rng.random() < 0.2:  # second return (二次退查)
            events.append(
                (next_working_day(events[-1][0] + timedelta(rng.randint(25, 35))), "退回补充侦查")
            )
            extra += 30
    if ctype.p_extend and rng.random() < ctype.p_extend + 0.1 * (1 - d):
        at = accepted + timedelta(days=limit + extra - rng.randint(2, 6))
        events.append((previous_working_day(at), "延长审查期限"))
        extra += 15
    deadline = accepted + timedelta(days=limit + extra)
    busy_until = max(e[0] for e in events) + timedelta(days=3)
    total = (deadline - accepted).days
    if rng.random() < 0.01 + 0.3 * (1 - d) ** 2.5:
        closed = next_working_day(deadline + timedelta(days=rng.randint(1, 30)))  # overdue
    else:
        closed = accepted + timedelta(days=rng.randint(max(3, int(total * 0.3)), total))
        closed = previous_working_day(max(closed, busy_until))
        if closed < busy_until:
            closed = next_working_day(busy_until)
    events.sort(key=lambda e: e[0])
    plea = None
    if ctype.p_plea:
        plea = int(rng.random() < ctype.p_plea - 0.1 * (1 - d))
    if closed > ctx.end:
        return _Case(person, ctype, accepted, deadline, None, None, events, plea)
    outcome = rng.choices(ctype.outcome_names, cum_weights=ctype.outcome_cum)[0]
    events.append((closed, "审结"))
    return _Case(person, ctype, accepted, deadline, closed, outcome, events, plea)

"""The unit appraisal cycle (上级院各部门对下级院对口部门考核, DIGEST §A and §F).

An upper procuratorate's appraisal office opens a cycle for a period; it holds one item per
lower department appraised by one of the upper unit's departments (a spec with
``appraisee: org_unit`` whose indicators come from ``unit.appraisal``). Each item goes

    draft ──submit──► submitted ──score──► scored ──accept──► accepted
                                             ▲        │
                                             └─score──┴─return (with a reason) ► returned

- **submit**: the lower department's liaison (bound to that department and to a person)
  gives a self-assessment for every indicator, 0..the indicator's maximum;
- **score**: the upper counterpart department (its liaison or head) scores every indicator;
- **review**: the upper unit's appraisal office accepts, or returns with a reason (the
  counterpart department scores again);
- **publish**: the appraisal office publishes the cycle once every item is accepted.

Nobody acts on their own unit's submission: the scorer and the reviewer may not be bound to
the lower department, and the reviewer is neither the submitter nor the scorer (account or
person). Every act checks the role, writes, appends ``kpi_record_history`` (before, after,
reason) and the audit log in one transaction; a stale state is refused (Conflict).

After publication every department with an item sees its own detail and, for the spec it
was appraised under, the others' totals and ranks (``results``); the build scores the
published items (``int_facts__unit_appraisals``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.registries.service import Conflict
from kpi_warehouse.store.roles import Role

CYCLES, ITEMS, SCORES = "kpi_unit_cycle", "kpi_unit_cycle_item", "kpi_unit_cycle_score"
STATES = ("draft", "submitted", "scored", "returned", "accepted")
CYCLE_COLUMNS = ("cycle_id", "procuratorate_id", "period_id", "period_start", "period_end",
                 "status", "opened_by", "opened_at", "published_by", "published_at",
                 "updated_at")  # fmt: skip
ITEM_COLUMNS = ("item_id", "cycle_id", "spec_id", "org_unit_id", "scorer_unit_id", "status",
                "submitted_by", "submitted_person", "submitted_at", "scored_by",
                "scored_person", "scored_at", "reviewed_by", "reviewed_at", "review_note",
                "updated_at")  # fmt: skip
SCORE_COLUMNS = ("item_id", "indicator_id", "indicator_name", "max_points", "sort_order",
                 "self_score", "self_note", "score", "score_note", "updated_at")  # fmt: skip

_c = sa.table(CYCLES, *(sa.column(c) for c in CYCLE_COLUMNS))
_i = sa.table(ITEMS, *(sa.column(c) for c in ITEM_COLUMNS))
_s = sa.table(SCORES, *(sa.column(c) for c in SCORE_COLUMNS))


class CycleError(ValueError):
    """An act the cycle's rules do not allow (wrong state, a missing or bad score)."""


@dataclass(frozen=True)
class PlannedIndicator:
    indicator_id: str
    name: str
    max_points: float


@dataclass(frozen=True)
class PlannedSpec:
    """One upper department's appraisal of its counterparts under one spec."""

    spec_id: str
    scorer_unit_id: str
    org_unit_ids: tuple[str, ...]
    indicators: tuple[PlannedIndicator, ...]


@dataclass(frozen=True)
class CyclePlan:
    procuratorate_id: str
    period_id: str
    period_start: str
    period_end: str
    specs: tuple[PlannedSpec, ...]


@dataclass
class Result:
    """One department's published result: total, rank among the spec's departments and,
    when the account may see it, the detail per indicator."""

    item_id: str
    spec_id: str
    org_unit_id: str
    total: float
    rank: int
    units: int
    detail: list[dict[str, object]] | None = field(default=None)


def cycle_id_for(procuratorate_id: str, period_id: str) -> str:
    return f"UC-{procuratorate_id}-{period_id}"


def _stamp() -> str:
    return db.now().isoformat(timespec="seconds")


def _active(account: AccountView) -> None:
    if account.disabled:
        raise NotAllowed(f"账户 {account.username} 已停用 / account {account.username} is disabled")


def _has(account: AccountView, *roles: Role) -> bool:
    return any(r.value in account.roles for r in roles)


def _one(s: Session, table: sa.TableClause, key: str, value: str) -> dict[str, object]:
    row = s.execute(sa.select(table).where(table.c[key] == value)).first()
    if row is None:
        what = "考核周期" if table is _c else "考核事项"
        raise CycleError(f"没有{what} {value} / no {table.name} {value}")
    return dict(row._mapping)


def _scores(s: Session, item_id: str) -> list[dict[str, object]]:
    query = sa.select(_s).where(_s.c.item_id == item_id).order_by(_s.c.sort_order)
    return [dict(r._mapping) for r in s.execute(query)]


def _snapshot(item: Mapping[str, object], scores: Sequence[Mapping[str, object]]) -> dict:
    """What history keeps of an item: its row and its scores by indicator."""
    return {
        **item,
        "scores": {
            str(r["indicator_id"]): {
                k: r[k] for k in ("self_score", "self_note", "score", "score_note")
            }  # fmt: skip
            for r in scores
        },
    }


# ── open and publish (the upper unit's appraisal office) ─────────────────────────────────


def _require_office(account: AccountView, procuratorate_id: str) -> None:
    _active(account)
    if not (_has(account, Role.APPRAISAL_OFFICE) and account.procuratorate_id == procuratorate_id):
        raise NotAllowed(
            f"只有{procuratorate_id}的考核办可以办理 / only the appraisal office of "
            f"{procuratorate_id} may do this ({account.username})"
        )


def open_cycle(account: AccountView, plan: CyclePlan, url: str | None = None) -> str:
    """Open the cycle of ``plan`` (its items in draft); the cycle's id."""
    _require_office(account, plan.procuratorate_id)
    items = [(p, unit) for p in plan.specs for unit in p.org_unit_ids]
    if not items:
        raise CycleError(
            f"{plan.period_id} 没有下级院对口部门需要考核 / no counterpart department to "
            f"appraise in {plan.period_id}"
        )
    cycle_id = cycle_id_for(plan.procuratorate_id, plan.period_id)
    stamp = _stamp()
    with db.session(url) as s:
        if s.execute(sa.select(_c.c.cycle_id).where(_c.c.cycle_id == cycle_id)).first():
            raise Conflict(f"考核周期 {cycle_id} 已存在 / cycle {cycle_id} already exists")
        cycle = {"cycle_id": cycle_id, "procuratorate_id": plan.procuratorate_id,
                 "period_id": plan.period_id, "period_start": plan.period_start,
                 "period_end": plan.period_end, "status": "open",
                 "opened_by": account.username, "opened_at": stamp, "published_by": None,
                 "published_at": None, "updated_at": stamp}  # fmt: skip
        s.execute(sa.insert(_c).values(**cycle))
        history.append(s, account.actor, CYCLES, cycle_id, "open", None, cycle)
        for spec, unit in items:
            item_id = f"{cycle_id}-{spec.spec_id}-{unit}"
            item = {c: None for c in ITEM_COLUMNS} | {
                "item_id": item_id, "cycle_id": cycle_id, "spec_id": spec.spec_id,
                "org_unit_id": unit, "scorer_unit_id": spec.scorer_unit_id,
                "status": "draft", "updated_at": stamp,
            }  # fmt: skip
            s.execute(sa.insert(_i).values(**item))
            for order, ind in enumerate(spec.indicators, start=1):
                s.execute(sa.insert(_s).values(
                    item_id=item_id, indicator_id=ind.indicator_id, indicator_name=ind.name,
                    max_points=ind.max_points, sort_order=order, self_score=None,
                    self_note=None, score=None, score_note=None, updated_at=stamp))  # fmt: skip
            history.append(s, account.actor, ITEMS, item_id, "open", None, item)
        audit.append(s, account.actor, "unit_cycle_open", "ok", cycle_id, len(items))
    return cycle_id


def publish(account: AccountView, cycle_id: str, url: str | None = None) -> dict[str, object]:
    """Publish a cycle whose every item is accepted."""
    with db.session(url) as s:
        before = _one(s, _c, "cycle_id", cycle_id)
        _require_office(account, str(before["procuratorate_id"]))
        if before["status"] != "open":
            raise CycleError(f"考核周期 {cycle_id} 已发布 / cycle {cycle_id} is already published")
        states = [r[0] for r in s.execute(sa.select(_i.c.status).where(_i.c.cycle_id == cycle_id))]
        waiting = sum(1 for st in states if st != "accepted")
        if waiting:
            raise CycleError(
                f"还有 {waiting} 项未审核通过，不能发布 / {waiting} item(s) not accepted yet; "
                "the cycle cannot be published"
            )
        stamp = _stamp()
        after = {**before, "status": "published", "published_by": account.username,
                 "published_at": stamp, "updated_at": stamp}  # fmt: skip
        done = s.execute(sa.update(_c).where(_c.c.cycle_id == cycle_id, _c.c.status == "open",
                                             _c.c.updated_at == before["updated_at"])
                         .values(**after))  # fmt: skip
        if done.rowcount != 1:
            raise Conflict(f"考核周期 {cycle_id} 已被他人修改 / cycle {cycle_id} changed meanwhile")
        history.append(s, account.actor, CYCLES, cycle_id, "publish", before, after)
        audit.append(s, account.actor, "unit_cycle_publish", "ok", cycle_id, len(states))
        return after


# ── the item's steps ─────────────────────────────────────────────────────────────────────


def _checked_scores(
    rows: Sequence[Mapping[str, object]], given: Mapping[str, tuple[float, str | None]]
) -> dict[str, tuple[float, str | None]]:
    """Every indicator scored once, within 0..its maximum; nothing else."""
    known = {str(r["indicator_id"]): float(r["max_points"]) for r in rows}  # type: ignore[arg-type]
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise CycleError(f"没有这些指标 / unknown indicator(s): {', '.join(unknown)}")
    missing = [k for k in known if k not in given]
    if missing:
        raise CycleError(f"每个指标都须评分，缺 / every indicator needs a score; missing: "
                         f"{', '.join(missing)}")  # fmt: skip
    out = {}
    for key, (value, note) in given.items():
        value = float(value)
        if not 0 <= value <= known[key]:
            raise CycleError(
                f"指标 {key} 的分值须在 0 至 {known[key]:g} 之间 / {key} must be between 0 and "
                f"{known[key]:g} (got {value:g})"
            )
        out[key] = (value, (note or "").strip() or None)
    return out


def _step(
    account: AccountView,
    item_id: str,
    act: str,
    allowed_from: tuple[str, ...],
    to: str,
    item_values: Mapping[str, object],
    score_values: Mapping[str, Mapping[str, object]] | None,
    check: object,
    reason: str | None,
    url: str | None,
) -> dict[str, object]:
    """The common frame of submit, score and review: load, check, write, record."""
    with db.session(url) as s:
        item = _one(s, _i, "item_id", item_id)
        cycle = _one(s, _c, "cycle_id", str(item["cycle_id"]))
        check(item, cycle)  # type: ignore[operator]
        if cycle["status"] != "open":
            raise CycleError(f"考核周期 {cycle['cycle_id']} 已发布，不能再修改 / cycle "
                             f"{cycle['cycle_id']} is published; nothing can change")  # fmt: skip
        if item["status"] not in allowed_from:
            raise CycleError(
                f"考核事项 {item_id} 处于“{item['status']}”状态，不能{act} / item {item_id} is "
                f"{item['status']}; it cannot be {act} now"
            )
        scores = _scores(s, item_id)
        before = _snapshot(item, scores)
        stamp = _stamp()
        after_item = {**item, **item_values, "status": to, "updated_at": stamp}
        done = s.execute(sa.update(_i).where(_i.c.item_id == item_id,
                                             _i.c.status == item["status"],
                                             _i.c.updated_at == item["updated_at"])
                         .values(**after_item))  # fmt: skip
        if done.rowcount != 1:
            raise Conflict(f"考核事项 {item_id} 已被他人修改 / item {item_id} changed meanwhile")
        for key, values in (score_values or {}).items():
            s.execute(sa.update(_s).where(_s.c.item_id == item_id, _s.c.indicator_id == key)
                      .values(**values, updated_at=stamp))  # fmt: skip
        after = _snapshot(after_item, _scores(s, item_id))
        history.append(s, account.actor, ITEMS, item_id, act, before, after, reason)
        audit.append(s, account.actor, f"unit_cycle_{act}", "ok", item_id, 1)
        return after


def submit(
    account: AccountView,
    item_id: str,
    self_scores: Mapping[str, tuple[float, str | None]],
    url: str | None = None,
) -> dict[str, object]:
    """The lower department's liaison submits its self-assessment (draft → submitted)."""
    _active(account)

    def check(item: Mapping[str, object], cycle: Mapping[str, object]) -> None:
        if not (_has(account, Role.LIAISON) and account.org_unit_id == item["org_unit_id"]):
            raise NotAllowed(
                f"只有 {item['org_unit_id']} 的联络员可以提交自评 / only the liaison "
                f"of {item['org_unit_id']} may submit its self-assessment"
            )
        if not account.person_id:
            raise NotAllowed("提交自评的账户须绑定人员 / the submitting account must be bound "
                             "to a person")  # fmt: skip

    with db.session(url) as s:
        checked = _checked_scores(_scores(s, item_id), self_scores)
    values = {k: {"self_score": v, "self_note": n} for k, (v, n) in checked.items()}
    return _step(account, item_id, "submit", ("draft",), "submitted",
                 {"submitted_by": account.username, "submitted_person": account.person_id,
                  "submitted_at": _stamp()}, values, check, None, url)  # fmt: skip


def score(
    account: AccountView,
    item_id: str,
    scores: Mapping[str, tuple[float, str | None]],
    url: str | None = None,
) -> dict[str, object]:
    """The upper counterpart department scores (submitted or returned → scored)."""
    _active(account)

    def check(item: Mapping[str, object], cycle: Mapping[str, object]) -> None:
        if not (
            _has(account, Role.LIAISON, Role.DEPT_HEAD)
            and account.org_unit_id == item["scorer_unit_id"]
        ):
            raise NotAllowed(
                f"只有上级院对口部门 {item['scorer_unit_id']} 可以评分 / only the counterpart "
                f"department {item['scorer_unit_id']} may score"
            )
        _not_own(account, item, "评分", "score")

    with db.session(url) as s:
        checked = _checked_scores(_scores(s, item_id), scores)
    values = {k: {"score": v, "score_note": n} for k, (v, n) in checked.items()}
    return _step(account, item_id, "score", ("submitted", "returned"), "scored",
                 {"scored_by": account.username, "scored_person": account.person_id,
                  "scored_at": _stamp(), "reviewed_by": None, "reviewed_at": None},
                 values, check, None, url)  # fmt: skip


def _not_own(account: AccountView, item: Mapping[str, object], zh: str, en: str) -> None:
    """Refuse an account of the lower department or of one who submitted the item, and a
    reviewer who scored it (the scorer may score again after a return)."""
    acted = ("submitted", "scored") if en == "review" else ("submitted",)
    people = {item.get(f"{a}_person") for a in acted} - {None}
    users = {item.get(f"{a}_by") for a in acted} - {None}
    if (
        account.org_unit_id == item["org_unit_id"]
        or account.username in users
        or (account.person_id is not None and account.person_id in people)
    ):
        raise NotAllowed(
            f"不能{zh}本单位或本人经手的考核事项 {item['item_id']} / you may not {en} your own "
            f"unit's or your own submission ({item['item_id']})"
        )


def review(
    account: AccountView,
    item_id: str,
    accept: bool,
    reason: str | None = None,
    url: str | None = None,
) -> dict[str, object]:
    """The upper unit's appraisal office accepts (scored → accepted) or returns the scores
    with a reason (scored → returned, the counterpart department scores again)."""
    _active(account)
    reason = (reason or "").strip() or None
    if not accept and reason is None:
        raise CycleError("退回须填写原因 / a return needs a reason")

    def check(item: Mapping[str, object], cycle: Mapping[str, object]) -> None:
        _require_office(account, str(cycle["procuratorate_id"]))
        _not_own(account, item, "审核", "review")

    act = "accept" if accept else "return"
    return _step(account, item_id, act, ("scored",), "accepted" if accept else "returned",
                 {"reviewed_by": account.username, "reviewed_at": _stamp(),
                  "review_note": reason}, None, check, reason, url)  # fmt: skip


# ── reading ──────────────────────────────────────────────────────────────────────────────


def _involved(account: AccountView, item: Mapping[str, object], cycle: Mapping[str, object]) -> str:
    """How the account stands to an item: upper (scorer, office, admin), lower, or ''."""
    if account.disabled:
        return ""
    if Role.ADMIN.value in account.roles:
        return "upper"
    if _has(account, Role.APPRAISAL_OFFICE, Role.LEADER) and (
        account.procuratorate_id == cycle["procuratorate_id"]
    ):
        return "upper"
    if _has(account, Role.LIAISON, Role.DEPT_HEAD):
        if account.org_unit_id == item["scorer_unit_id"]:
            return "upper"
        if account.org_unit_id == item["org_unit_id"]:
            return "lower"
    return ""


def cycles(url: str | None = None) -> list[dict[str, object]]:
    """Every cycle, newest period first (ids and states only: no scores)."""
    with db.session(url) as s:
        query = sa.select(_c).order_by(_c.c.period_id.desc(), _c.c.cycle_id)
        return [dict(r._mapping) for r in s.execute(query)]


def items(
    account: AccountView, cycle_id: str | None = None, url: str | None = None
) -> list[dict[str, object]]:
    """The items the account takes part in (as the lower or the upper side), with
    ``side``, the cycle's period and status, and the total of the scores it may see."""
    with db.session(url) as s:
        query = sa.select(
            _i, _c.c.period_id, _c.c.status.label("cycle_status"), _c.c.procuratorate_id
        ).join(_c, _c.c.cycle_id == _i.c.cycle_id)
        if cycle_id:
            query = query.where(_i.c.cycle_id == cycle_id)
        out = []
        for row in s.execute(query.order_by(_c.c.period_id.desc(), _i.c.item_id)):
            item = dict(row._mapping)
            side = _involved(account, item, {"procuratorate_id": item["procuratorate_id"]})
            if not side:
                continue
            scores = _scores(s, str(item["item_id"]))
            item["side"] = side
            item["self_total"] = _sum(r["self_score"] for r in scores)
            upper_sees = side == "upper" or item["cycle_status"] == "published"
            item["total"] = _sum(r["score"] for r in scores) if upper_sees else None
            out.append(item)
        return out


def _sum(values: object) -> float | None:
    got = [float(v) for v in values if v is not None]  # type: ignore[attr-defined]
    return round(sum(got), 4) if got else None


def detail(account: AccountView, item_id: str, url: str | None = None) -> dict[str, object]:
    """One item with its scores. The lower department sees the counterpart's scores and
    notes only once the cycle is published; the upper side sees everything."""
    with db.session(url) as s:
        item = _one(s, _i, "item_id", item_id)
        cycle = _one(s, _c, "cycle_id", str(item["cycle_id"]))
        side = _involved(account, item, cycle)
        if not side:
            raise NotAllowed(f"无权查看 / not permitted: {item_id}")
        scores = _scores(s, item_id)
        if side == "lower" and cycle["status"] != "published":
            scores = [{**r, "score": None, "score_note": None} for r in scores]
            item = {**item, "review_note": None, "reviewed_by": None}
        return {**item, "period_id": cycle["period_id"], "cycle_status": cycle["status"],
                "side": side, "scores": scores}  # fmt: skip


def results(account: AccountView, cycle_id: str, url: str | None = None) -> list[Result]:
    """A published cycle's results the account may see: for each spec the account takes
    part in, every department's total and rank (ties share a rank); the detail only of
    the account's own department (the upper side sees every detail)."""
    with db.session(url) as s:
        cycle = _one(s, _c, "cycle_id", cycle_id)
        rows = [dict(r._mapping) for r in s.execute(sa.select(_i).where(_i.c.cycle_id == cycle_id)
                                                     .order_by(_i.c.item_id))]  # fmt: skip
        sides = {str(r["item_id"]): _involved(account, r, cycle) for r in rows}
        if cycle["status"] != "published":
            if any(v == "upper" for v in sides.values()):
                raise CycleError(f"考核周期 {cycle_id} 尚未发布 / cycle {cycle_id} is not "
                                 "published yet")  # fmt: skip
            raise NotAllowed(f"无权查看 / not permitted: {cycle_id}")
        specs = {str(r["spec_id"]) for r in rows if sides[str(r["item_id"])]}
        if not specs:
            raise NotAllowed(f"无权查看 / not permitted: {cycle_id}")
        totals = {str(r["item_id"]): _sum(x["score"] for x in _scores(s, str(r["item_id"])))
                  for r in rows if r["spec_id"] in specs}  # fmt: skip
        out = []
        for spec_id in sorted(specs):
            mine = [r for r in rows if r["spec_id"] == spec_id]
            ranked = sorted(mine, key=lambda r: (-(totals[str(r["item_id"])] or 0.0),
                                                 str(r["org_unit_id"])))  # fmt: skip
            for r in ranked:
                key = str(r["item_id"])
                total = totals[key] or 0.0
                rank = 1 + sum(1 for o in mine if (totals[str(o["item_id"])] or 0.0) > total)
                shown = sides[key] in ("upper", "lower")
                out.append(Result(key, spec_id, str(r["org_unit_id"]), total, rank, len(mine),
                                  _scores(s, key) if shown else None))  # fmt: skip
        return out


def history_of(item_id: str, url: str | None = None) -> list[dict[str, object]]:
    """The item's recorded acts, oldest first (who, when, act, reason)."""
    return [
        {
            "at": h.at,
            "actor": h.actor,
            "act": h.act,
            "reason": h.reason,
            "status": json.loads(h.after or "{}").get("status"),
        }  # fmt: skip
        for h in history.of(ITEMS, item_id, url)
    ]

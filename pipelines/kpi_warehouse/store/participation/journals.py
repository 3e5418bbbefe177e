"""Weekly work journals (工作周记) reviewed up the hierarchy (Shinan, DIGEST §C).

The person writes the week's journal and scores it (0..50); the section chief, the
supervising leader and the department head review it in turn, each giving a score. The
build turns every score into a ``journal_score`` fact at its level and every excused week
into a ``journal_excused`` fact (``int_facts__app_journals``), which the reviewed-hierarchy
rule scores: the highest level that scored is final, an unreviewed level agrees with the
one below, a week with no journal and no excuse scores 0.

Rules of the acts (decisions where the text is silent):

- a journal is written during its week (Monday to Sunday) and may be changed until the
  first review; a later week cannot be written ahead;
- a week the person could not write (official trip, leave, holiday) is excused by one of
  the person's reviewers — nobody excuses their own week — and the journal may then be
  back-filled until 5 working days after the week (the next week's Friday; Saturdays and
  Sundays are not working days, public holidays are not known to the store);
- a reviewer reviews at their own level only (``org``: section chief = the unit's deputy
  head, department head = its head, supervising leader = a leader of the procuratorate),
  and only while no higher level has reviewed the week ("in turn"); a level may be
  skipped, and may change its score until a higher level reviews.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.participation import org
from kpi_warehouse.store.participation.tables import journal_t, review_t
from kpi_warehouse.store.registries.access import NotAllowed

LEVELS = ("self", "section_chief", "supervising_leader", "department_head")  # lowest first
REVIEW_LEVELS = LEVELS[1:]
MAX_SCORE = 50.0
EXCUSES = {
    "trip": ("因公出差", "official trip"),
    "leave": ("请假", "leave"),
    "holiday": ("节假日", "holiday"),
}
BACKFILL_WORKING_DAYS = 5


class JournalError(ValueError):
    """A journal act that cannot be done (bilingual message)."""


def _stamp() -> str:
    return db.now().isoformat(timespec="seconds")


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def backfill_deadline(week_start: date) -> date:
    """The last day an excused week may be back-filled: 5 working days after its Sunday."""
    day, left = week_start + timedelta(days=6), BACKFILL_WORKING_DAYS
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def reviewer_level(directory: org.Directory, reviewer_id: str, writer_id: str) -> str | None:
    """The level at which ``reviewer_id`` reviews ``writer_id``'s journals, if any."""
    reviewer, writer = directory.members.get(reviewer_id), directory.members.get(writer_id)
    if reviewer is None or writer is None or reviewer_id == writer_id:
        return None
    if reviewer.status not in org.ACTIVE:
        return None
    same_unit = reviewer.org_unit_id == writer.org_unit_id
    if same_unit and reviewer.post in org.HEAD_POSTS:
        return "department_head"
    if same_unit and reviewer.post in org.DEPUTY_POSTS and writer.post not in org.HEAD_POSTS:
        return "section_chief"
    if reviewer.is_chief and reviewer.procuratorate_id == writer.procuratorate_id:
        return None if writer.is_chief else "supervising_leader"
    return None


def _score(value: float, what: str) -> float:
    value = float(value)
    if not 0 <= value <= MAX_SCORE:
        raise JournalError(
            f"{what}须在 0 到 {MAX_SCORE:g} 之间 / the score must be 0..{MAX_SCORE:g}"
        )
    return value


def _row(s: sa.orm.Session, *where: sa.ColumnElement[bool]) -> dict[str, object] | None:
    row = s.execute(sa.select(journal_t).where(*where)).first()
    return dict(row._mapping) if row else None


def _reviews(s: sa.orm.Session, journal_id: str) -> dict[str, dict[str, object]]:
    rows = s.execute(sa.select(review_t).where(review_t.c.journal_id == journal_id))
    return {str(r.level): dict(r._mapping) for r in rows}


def write(
    account: AccountView,
    week: date,
    self_score: float,
    content: str,
    today: date | None = None,
    url: str | None = None,
) -> str:
    """Write (or change, until reviewed) the account's own journal of ``week``; its id."""
    if account.disabled or not account.person_id:
        raise NotAllowed(f"{account.username} 未绑定人员，不能写周记 / is bound to no person")
    return _write(account.actor, account.person_id, week, self_score, content, today, url)


def _write(
    actor: Actor,
    person_id: str,
    week: date,
    self_score: float,
    content: str,
    today: date | None,
    url: str | None,
) -> str:
    today = today or db.now().date()
    start = monday(week)
    score = _score(self_score, "自评分")
    if not content or not content.strip():
        raise JournalError("请填写本周工作内容 / write what you did this week")
    if start > today:
        raise JournalError(f"{start} 这一周还没到 / the week of {start} has not begun")
    with db.session(url) as s:
        before = _row(
            s, journal_t.c.person_id == person_id, journal_t.c.week_start == start.isoformat()
        )
        late = today > start + timedelta(days=6)
        if late and not (before and before["excuse"] and today <= backfill_deadline(start)):
            raise JournalError(
                f"{start} 这一周的周记已逾期：未交的周记计 0 分；因公出差、请假或节假日经审核人"
                f"确认免交的，可在该周后 {BACKFILL_WORKING_DAYS} 个工作日内补填 / the journal of "
                f"the week of {start} is overdue: a missing week scores 0; a week excused by a "
                f"reviewer (trip, leave, holiday) may be back-filled within "
                f"{BACKFILL_WORKING_DAYS} working days after it"
            )
        now = _stamp()
        values = {
            "content": content.strip(),
            "self_score": score,
            "submitted_at": now,
            "updated_at": now,
        }
        if before is None:
            journal_id = f"WJ-{uuid.uuid4().hex[:10].upper()}"
            after = {
                "journal_id": journal_id,
                "person_id": person_id,
                "week_start": start.isoformat(),
                "excuse": None,
                "excused_by": None,
                **values,
            }
            s.execute(sa.insert(journal_t).values(**after))
        else:
            journal_id = str(before["journal_id"])
            if _reviews(s, journal_id):
                raise JournalError(f"周记 {journal_id} 已有审核，不能修改 / already reviewed")
            after = {**before, **values}
            s.execute(
                sa.update(journal_t).where(journal_t.c.journal_id == journal_id).values(**values)
            )
        act = (
            "backfill"
            if late
            else "write"
            if before is None or before["self_score"] is None
            else "change"
        )
        history.append(s, actor, journal_t.name, journal_id, act, before, after)
        audit.append(s, actor, f"journal_{act}", "ok", f"journal:{journal_id}", 1)
    return journal_id


def excuse(
    account: AccountView,
    person_id: str,
    week: date,
    reason: str,
    directory: org.Directory,
    url: str | None = None,
) -> str:
    """A reviewer of the person excuses a week (trip, leave, holiday); the journal's id."""
    if reason not in EXCUSES:
        raise JournalError(f"免交原因须为 / the reason must be one of: {' '.join(EXCUSES)}")
    if (
        account.disabled
        or not account.person_id
        or not reviewer_level(directory, account.person_id, person_id)
    ):
        raise NotAllowed(
            f"{account.username} 不审核 {person_id} 的周记，不能准予免交 / does not review "
            f"{person_id}'s journals and may not excuse a week"
        )
    start = monday(week).isoformat()
    now = _stamp()
    with db.session(url) as s:
        before = _row(s, journal_t.c.person_id == person_id, journal_t.c.week_start == start)
        values = {"excuse": reason, "excused_by": account.person_id, "updated_at": now}
        if before is None:
            journal_id = f"WJ-{uuid.uuid4().hex[:10].upper()}"
            after = {
                "journal_id": journal_id,
                "person_id": person_id,
                "week_start": start,
                "content": None,
                "self_score": None,
                "submitted_at": None,
                **values,
            }
            s.execute(sa.insert(journal_t).values(**after))
        else:
            journal_id = str(before["journal_id"])
            after = {**before, **values}
            s.execute(
                sa.update(journal_t).where(journal_t.c.journal_id == journal_id).values(**values)
            )
        history.append(
            s, account.actor, journal_t.name, journal_id, "excuse", before, after, reason=reason
        )
        audit.append(s, account.actor, "journal_excuse", "ok", f"journal:{journal_id}", 1)
    return journal_id


def review(
    account: AccountView,
    journal_id: str,
    score: float,
    directory: org.Directory,
    comment: str | None = None,
    url: str | None = None,
) -> str:
    """Review a journal at the account's level; the level."""
    if account.disabled or not account.person_id:
        raise NotAllowed(f"{account.username} 未绑定人员，不能审核 / is bound to no person")
    return _review(account.actor, account.person_id, journal_id, score, directory, comment, url)


def _review(
    actor: Actor,
    reviewer_id: str,
    journal_id: str,
    score: float,
    directory: org.Directory,
    comment: str | None,
    url: str | None,
) -> str:
    value = _score(score, "审核分")
    with db.session(url) as s:
        journal = _row(s, journal_t.c.journal_id == journal_id)
        if journal is None:
            raise JournalError(f"没有周记 {journal_id} / no journal {journal_id}")
        level = reviewer_level(directory, reviewer_id, str(journal["person_id"]))
        if level is None:
            raise NotAllowed(
                f"您不审核 {journal['person_id']} 的周记 / you do not review "
                f"{journal['person_id']}'s journals"
            )
        if journal["self_score"] is None:
            raise JournalError(f"周记 {journal_id} 尚未填写 / journal {journal_id} is not written")
        reviews = _reviews(s, journal_id)
        rank = LEVELS.index(level)
        higher = [lv for lv in reviews if LEVELS.index(lv) > rank]
        if higher:
            raise JournalError(
                f"周记 {journal_id} 已由上级审核，不能再审 / journal {journal_id} has been "
                f"reviewed at a higher level ({', '.join(higher)})"
            )
        before = reviews.get(level)
        after = {
            "journal_id": journal_id,
            "level": level,
            "reviewer_id": reviewer_id,
            "score": value,
            "comment": (comment or "").strip() or None,
            "reviewed_at": _stamp(),
        }
        if before is None:
            s.execute(sa.insert(review_t).values(**after))
        else:
            s.execute(
                sa.update(review_t)
                .where(review_t.c.journal_id == journal_id, review_t.c.level == level)
                .values(**after)
            )
        history.append(s, actor, review_t.name, f"{journal_id}:{level}", "review", before, after)
        audit.append(s, actor, "journal_review", "ok", f"journal:{journal_id}", 1, {"level": level})
    return level


def final(journal: dict[str, object], reviews: dict[str, dict[str, object]]) -> float | None:
    """The week's score as the rule takes it: the highest level that scored."""
    for level in reversed(REVIEW_LEVELS):
        if level in reviews:
            return float(reviews[level]["score"])  # type: ignore[arg-type]
    value = journal["self_score"]
    return None if value is None else float(value)  # type: ignore[arg-type]


def _with_reviews(s: sa.orm.Session, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    ids = [r["journal_id"] for r in rows]
    found: dict[object, dict[str, dict[str, object]]] = {i: {} for i in ids}
    if ids:
        for r in s.execute(sa.select(review_t).where(review_t.c.journal_id.in_(ids))):
            found[r.journal_id][str(r.level)] = dict(r._mapping)
    for row in rows:
        row["reviews"] = found[row["journal_id"]]
        row["final"] = final(row, row["reviews"])
    return rows


def mine(account: AccountView, url: str | None = None) -> list[dict[str, object]]:
    """The account's own journals, newest week first, with their reviews."""
    if not account.person_id:
        return []
    with db.session(url) as s:
        rows = [
            dict(r._mapping)
            for r in s.execute(
                sa.select(journal_t)
                .where(journal_t.c.person_id == account.person_id)
                .order_by(journal_t.c.week_start.desc())
            )
        ]
        return _with_reviews(s, rows)


def queue(
    account: AccountView, directory: org.Directory, url: str | None = None
) -> list[dict[str, object]]:
    """Written journals awaiting the account's review: the account reviews the writer at
    some level, has not reviewed the week yet, and no higher level has."""
    me = account.person_id
    if not me or account.disabled:
        return []
    with db.session(url) as s:
        rows = [
            dict(r._mapping)
            for r in s.execute(
                sa.select(journal_t)
                .where(journal_t.c.self_score.is_not(None))
                .order_by(journal_t.c.week_start, journal_t.c.person_id)
            )
        ]
        mine_rows = []
        for row in rows:
            level = reviewer_level(directory, me, str(row["person_id"]))
            if level:
                row["my_level"] = level
                mine_rows.append(row)
        out = []
        for row in _with_reviews(s, mine_rows):
            rank = LEVELS.index(str(row["my_level"]))
            if not any(LEVELS.index(lv) >= rank for lv in row["reviews"]):
                out.append(row)
        return out


def reviewees(account: AccountView, directory: org.Directory) -> list[org.Member]:
    """The people whose journals the account reviews (for excusing a week)."""
    me = account.person_id
    if not me:
        return []
    return sorted(
        (
            m
            for m in directory.members.values()
            if m.status in org.ACTIVE and reviewer_level(directory, me, m.person_id)
        ),
        key=lambda m: m.person_id,
    )

"""One more working day of source rows, for the incremental-build benchmark.

:func:`append_day` inserts into existing demo SQLite files (written by
:func:`.generate.generate`) the activity of one working day after the generated period:

- ``office.attendance``: one record for everyone active that day (on post, hired, not yet
  retired; long leave excluded) — mostly on time, a few late, leaving early or on leave;
- ``office.documents``: the documents each person at work handles that day (the per-day
  rates of :mod:`.documents_daily` with ``density="province"``; the demo's per-quarter rates
  spread over a quarter's ~61 working days with ``density="demo"``);
- ``case.case_events`` (``province`` only): a procedural step (阅卷 by the undertaker or
  案卡填录 by the department's 书记员) on about half the open cases whose undertaker is at
  work. No case closes, so no ``cases`` row changes.

The staff directory and the open cases are read from the files themselves, so nothing but
``out_dir``, the day, the density and a seed is needed. New rows carry fresh ids that can
never collide with generated ones (``AT20261231000001``, ``DOC20261231000001``,
``CE20261231000001``: a different length) and ``updated_at`` on ``day`` at 18:00 like every
activity row, so a watermark on ``updated_at`` picks exactly them up. Existing rows are
never modified. Each file is written in one transaction.

The benchmark::

    generate(out, staff=10_000, procuratorates=100, density="province", end=date(2026, 12, 30))
    append_day(out, date(2026, 12, 31), density="province")
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .case_steps import CLERK, DAILY_STEPS
from .common import Row, poisson, stream, ts
from .density import density as density_named
from .documents_daily import CUM_WEIGHTS, DOC_TYPES, rate_for
from .texts import DOC_TEMPLATES, TOPICS
from .workdays import is_working_day

# The demo's documents per whole quarter (office._doc_rate) and the working days of a quarter.
_DEMO_QUARTER_RATE = {
    "leader": lambda d: 2 + 4 * d,
    "office": lambda d: 15 + 95 * d * d,
    "registry_owner": lambda d: 2 + 6 * d,
    "business": lambda d: 0.3 + 1.5 * d,
}
_QUARTER_WORKDAYS = 61
_P_STEP = 0.5  # share of open cases with a step logged on a day their undertaker works


@dataclass(frozen=True, slots=True)
class _Member:
    person_id: str
    org_unit_id: str
    procuratorate: str  # name, for document titles
    kind: str  # leader / office / registry_owner / business
    post: str


def _active(con: sqlite3.Connection, day: date) -> list[_Member]:
    iso = day.isoformat()
    rows = con.execute(
        """
        SELECT s.person_id, s.org_unit_id, p.name, s.post, u.dept_key, u.kind
        FROM staff s
        JOIN org_units u ON u.org_unit_id = s.org_unit_id
        JOIN procuratorates p ON p.procuratorate_id = u.procuratorate_id
        WHERE s.status <> 'long_leave' AND s.hire_date <= ?
          AND (s.leave_date IS NULL OR s.leave_date > ?)
        ORDER BY s.person_id
        """,
        (iso, iso),
    ).fetchall()
    out: list[_Member] = []
    for pid, unit, prc, post, dept_key, unit_kind in rows:
        leader = post in ("检察长", "副检察长")
        kind = "leader" if leader else "office" if dept_key == "office" else unit_kind
        out.append(_Member(pid, unit, prc, kind, post))
    return out


def _attendance(rng: random.Random, people: list[_Member]) -> dict[str, tuple[str, str | None]]:
    status: dict[str, tuple[str, str | None]] = {}
    for m in people:
        r = rng.random()
        status[m.person_id] = (
            ("late", None) if r < 0.015
            else ("early_leave", None) if r < 0.02
            else ("leave", "annual") if r < 0.05
            else ("leave", "official") if r < 0.06
            else ("on_time", None)
        )  # fmt: skip
    return status


def _rate(kind: str, d: float, province: bool) -> float:
    """Documents per working day."""
    if province:
        return rate_for(kind, d)
    return _DEMO_QUARTER_RATE[kind](d) / _QUARTER_WORKDAYS


def _documents(
    rng: random.Random, people: list[_Member], at_work: set[str], day: date, province: bool
) -> Iterator[Row]:
    iso, upd, n = day.isoformat(), ts(day), 0
    for m in people:
        if m.person_id not in at_work:
            continue
        for _ in range(poisson(rng, _rate(m.kind, 0.4 + 0.6 * rng.random(), province))):
            doc_type = rng.choices(DOC_TYPES, cum_weights=CUM_WEIGHTS[m.kind])[0]
            title = rng.choice(DOC_TEMPLATES[doc_type]).format(
                topic=rng.choice(TOPICS),
                unit=m.procuratorate,
                n=rng.randint(1, 40),
                month=day.month,
            )
            n += 1
            yield (f"DOC{day:%Y%m%d}{n:06d}", m.person_id, doc_type, title, iso, upd)


def _case_events(
    rng: random.Random, con: sqlite3.Connection, people: list[_Member], at_work: set[str], day: date
) -> Iterator[Row]:
    clerks: dict[str, str] = {}
    for m in people:  # the department's first 书记员 by person id (org: its first clerk)
        if m.post == "书记员" and m.person_id in at_work:
            clerks.setdefault(m.org_unit_id, m.person_id)
    iso, upd, n = day.isoformat(), ts(day), 0
    open_cases = con.execute(
        "SELECT case_id, org_unit_id, undertaker_id FROM cases "
        "WHERE closed_date IS NULL AND accepted_date <= ? ORDER BY case_id",
        (iso,),
    )
    for case_id, unit, undertaker in open_cases:
        if undertaker not in at_work or rng.random() >= _P_STEP:
            continue
        step = DAILY_STEPS[int(rng.random() * len(DAILY_STEPS))]
        person = clerks.get(unit, undertaker) if step.role == CLERK else undertaker
        n += 1
        yield (f"CE{day:%Y%m%d}{n:06d}", case_id, step.kind, iso, person, upd)


def _insert(con: sqlite3.Connection, table: str, rows: Iterator[Row] | list[Row]) -> int:
    before = con.total_changes
    con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?)", rows)
    return con.total_changes - before


def append_day(
    out_dir: Path,
    day: date,
    density: str = "demo",
    seed: int = 20260101,
) -> dict[str, int]:
    """Append one working ``day`` after the generated period to ``out_dir``'s
    ``office.sqlite`` and ``case.sqlite``; returns rows added per table
    (``attendance``, ``documents``, ``case_events``). ``day`` must be a working day later
    than every attendance record already there (so appending twice is refused). See the
    module docstring for what is added."""
    out_dir = Path(out_dir)
    dens = density_named(density)
    if not is_working_day(day):
        raise ValueError(f"{day} is not a working day")
    rng = stream(seed, f"append:{day.isoformat()}")
    office = sqlite3.connect(out_dir / "office.sqlite", isolation_level=None)
    case = sqlite3.connect(out_dir / "case.sqlite", isolation_level=None)
    try:
        (last,) = office.execute("SELECT max(work_date) FROM attendance").fetchone()
        if last is not None and day.isoformat() <= last:
            raise ValueError(f"{day} is not after the last recorded day {last}")
        people = _active(office, day)
        status = _attendance(rng, people)
        at_work = {pid for pid, s in status.items() if s[0] != "leave"}
        iso, upd = day.isoformat(), ts(day)
        attendance = [
            (f"AT{day:%Y%m%d}{i:06d}", m.person_id, iso, *status[m.person_id], upd)
            for i, m in enumerate(people, start=1)
        ]
        office.execute("BEGIN")
        added = {"attendance": _insert(office, "attendance", attendance)}
        docs = _documents(rng, people, at_work, day, dens.daily_documents)
        added["documents"] = _insert(office, "documents", docs)
        events: list[Row] = []
        if dens.case_steps:
            events = list(_case_events(rng, case, people, at_work, day))
        case.execute("BEGIN")
        added["case_events"] = _insert(case, "case_events", events)
        case.execute("COMMIT")
        office.execute("COMMIT")
    except BaseException:
        for con in (office, case):
            if con.in_transaction:
                con.execute("ROLLBACK")
        raise
    finally:
        office.close()
        case.close()
    return added

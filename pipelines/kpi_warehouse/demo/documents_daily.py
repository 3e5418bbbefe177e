"""Office documents day by day (``province`` density): every document a person handles.

A real office system logs each document a person signs for, drafts, minutes or follows up:
several a week for a prosecutor, several a day for an office clerk or a leader who signs
off incoming documents (批办). Rows are yielded day by day, person by person (the order the
demo's own documents have), so the office system's largest table never sits in memory.
Nobody handles documents on a day of leave or absence.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator

from .common import Context, Row, poisson, stream, ts
from .org import Person
from .texts import DOC_TEMPLATES, TOPICS

DOC_TYPES = ("收文", "发文", "会议纪要", "督办件")
CUM_WEIGHTS = {
    kind: list(itertools.accumulate(w))
    for kind, w in {
        "leader": (50, 20, 20, 10),
        "office": (40, 30, 15, 15),
        "registry_owner": (30, 25, 35, 10),
        "business": (45, 15, 30, 10),
    }.items()
}


def doc_kind(person: Person) -> str:
    if person.is_leader:
        return "leader"
    return "office" if person.unit.dept_key == "office" else person.unit.kind


def daily_rate(person: Person, d: float) -> float:
    """Documents handled per working day at quarter diligence ``d``."""
    return rate_for(doc_kind(person), d)


def rate_for(kind: str, d: float) -> float:
    """Documents per working day of a ``leader`` / ``office`` / ``registry_owner`` /
    ``business`` person at diligence ``d``."""
    if kind == "leader":
        return 2.5 + 2.0 * d
    if kind == "office":
        return 3.0 + 5.0 * d
    if kind == "registry_owner":
        return 1.0 + 1.5 * d
    return 0.5 + 1.0 * d


def daily_documents(ctx: Context, grid: list[list[tuple[str, str | None] | None]]) -> Iterator[Row]:
    """``documents`` rows (doc_id, person_id, doc_type, title, handled_date, updated_at)."""
    rng = stream(ctx.seed, "documents-daily")
    rand = rng.random
    people = ctx.org.people
    kinds = [doc_kind(p) for p in people]
    rates = [[daily_rate(p, d) for d in ctx.qdil[p.person_id]] for p in people]
    templates = {t: DOC_TEMPLATES[t] for t in DOC_TYPES}
    n = 0
    for di, day in enumerate(ctx.workdays):
        qi = ctx.quarter_index(day)
        iso, upd = day.isoformat(), ts(day)
        for pi, person in enumerate(people):
            status = grid[pi][di]
            if status is None or status[0] in ("leave", "absent"):
                continue
            for _ in range(poisson(rng, rates[pi][qi])):
                cum = CUM_WEIGHTS[kinds[pi]]  # what rng.choices does, without its overhead
                doc_type = DOC_TYPES[bisect.bisect(cum, rand() * cum[-1])]
                choices = templates[doc_type]
                title = choices[int(rand() * len(choices))].format(
                    topic=TOPICS[int(rand() * len(TOPICS))],
                    unit=person.procuratorate.name,
                    n=1 + int(rand() * 40),
                    month=day.month,
                )
                n += 1
                yield (f"DOC{n:08d}", person.person_id, doc_type, title, iso, upd)

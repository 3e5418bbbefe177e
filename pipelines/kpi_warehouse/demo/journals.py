"""The demo's first weeks of work journals kept in the product (``kpi_journal`` and
``kpi_journal_review``): the city's 第一检察部 members (not its head) wrote the journals of
the period's first two weeks, and the head reviewed them. Deterministic like every other
table of the generator; the recent weeks awaiting review are added by `kpi demo` through
the store's services (``demo/participation.py``)."""

from __future__ import annotations

from datetime import timedelta

from .common import Context, Row, stream, ts

UNIT = ("PRC-CITY", "gongsu")
TEXT = "办理审查起诉案件{n}件，出庭支持公诉{m}次。"


def build_journals(ctx: Context) -> dict[str, list[Row]]:
    rng = stream(ctx.seed, "app-journals")
    unit = ctx.org.unit(*UNIT)
    head = unit.head
    first = ctx.start + timedelta(days=(7 - ctx.start.weekday()) % 7)  # the first Monday
    journals: list[Row] = []
    reviews: list[Row] = []
    for person in unit.members:
        if person is head or person.status == "long_leave":
            continue
        for week in (first, first + timedelta(weeks=1)):
            if week + timedelta(days=4) > ctx.end:
                continue
            jid = f"WJ-G{len(journals) + 1:05d}"
            friday = week + timedelta(days=4)
            self_score = float(rng.randint(38, 48))
            text = TEXT.format(n=rng.randint(2, 5), m=rng.randint(1, 3))
            journals.append(
                (
                    jid,
                    person.person_id,
                    week.isoformat(),
                    text,
                    self_score,
                    None,
                    None,
                    ts(friday),
                    ts(friday),
                )
            )
            if head is not None:
                score = float(min(50, max(30, self_score + rng.choice((-3, -1, 0, 1, 2)))))
                reviews.append(
                    (
                        jid,
                        "department_head",
                        head.person_id,
                        score,
                        None,
                        ts(friday + timedelta(days=3), 10),
                    )
                )
    return {"kpi_journal": journals, "kpi_journal_review": reviews}

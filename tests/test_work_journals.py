"""Work journals reviewed up the hierarchy (Shinan): a week reviewed at two of three
levels, an unreviewed week, an excused and back-filled week, a missing week and an excused
week never written — worked by hand through the reviewed-hierarchy rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kpi_warehouse.store.participation import journals
from kpi_warehouse.store.registries.access import NotAllowed
from tests.participation_helpers import account, directory, office, store
from tests.scoring_helpers import base_spec, fact, indicator_rows, spec_from

JOURNALS = {
    "id": "goals",
    "name": "业务目标（工作周记）",
    "source": "office.journal",
    "rule": {
        "type": "reviewed_hierarchy",
        "levels": ["self", "section_chief", "supervising_leader", "department_head"],
        "max": 50,
    },
}


@pytest.fixture
def world(tmp_path: Path) -> dict:
    office_url, url = office(tmp_path), store(tmp_path)
    return {
        "url": url,
        "dir": directory(office_url),
        "writer": account(url, "writer", "staff", "A"),
        "colleague": account(url, "colleague", "staff", "B"),
        "chief": account(url, "chief", "reviewer", "S"),  # 副主任: section chief
        "leader": account(url, "leader", "leader", "V1", procuratorate="X"),  # supervising
        "head": account(url, "head", "dept_head", "H", org_unit="X-dept"),
    }


def _facts(url: str, account) -> list[dict]:  # type: ignore[no-untyped-def]
    """As int_facts__app_journals does: the self score and each review a journal_score at
    its level, an excused week a journal_excused, all on the week's Monday."""
    out: list[dict] = []
    for j in journals.mine(account, url=url):
        week, person = str(j["week_start"]), str(j["person_id"])
        if j["self_score"] is not None:
            out.append(
                fact(
                    len(out),
                    person,
                    "office.journal",
                    "journal_score",
                    week,
                    level="self",
                    value=j["self_score"],
                )
            )
            for level, review in j["reviews"].items():
                out.append(
                    fact(
                        len(out),
                        person,
                        "office.journal",
                        "journal_score",
                        week,
                        level=level,
                        value=review["score"],
                    )
                )
        if j["excuse"]:
            out.append(fact(len(out), person, "office.journal", "journal_excused", week))
    return out


def test_a_month_of_journals_through_the_hierarchy(world: dict, tmp_path: Path) -> None:
    w, url, d = world, world["url"], world["dir"]
    # 2 March: self 40, the section chief 44, the head 47; the supervising leader never
    # reviews (agrees with the level below) → the head's 47 is final.
    j1 = journals.write(w["writer"], date(2026, 3, 4), 40, "办案", today=date(2026, 3, 6), url=url)
    assert journals.review(w["chief"], j1, 44, d, url=url) == "section_chief"
    assert journals.review(w["head"], j1, 47, d, url=url) == "department_head"
    with pytest.raises(journals.JournalError):  # in turn: the head has reviewed already
        journals.review(w["leader"], j1, 30, d, url=url)
    with pytest.raises(journals.JournalError):  # reviewed: the writer may not change it
        journals.write(w["writer"], date(2026, 3, 2), 50, "改", today=date(2026, 3, 6), url=url)
    # 9 March: self 42, nobody reviews → 42.
    journals.write(w["writer"], date(2026, 3, 9), 42, "办案", today=date(2026, 3, 13), url=url)
    # 16 March: on a trip; the section chief excuses it, the journal is back-filled on
    # Thursday 26 March (the 5 working days after the week end on Friday 27 March); self
    # 30, the section chief 36 → 36.
    journals.excuse(w["chief"], "A", date(2026, 3, 16), "trip", d, url=url)
    j3 = journals.write(
        w["writer"], date(2026, 3, 16), 30, "补填", today=date(2026, 3, 26), url=url
    )
    journals.review(w["chief"], j3, 36, d, url=url)
    # 23 March: no journal, no excuse; writing it late is refused → 0.
    with pytest.raises(journals.JournalError):
        journals.write(w["writer"], date(2026, 3, 23), 45, "迟交", today=date(2026, 3, 30), url=url)
    # 30 March: excused (leave), never written → left out of the weeks counted.
    journals.excuse(w["head"], "A", date(2026, 3, 30), "leave", d, url=url)

    spec = spec_from(tmp_path, base_spec([JOURNALS], period="month"))
    row = indicator_rows(spec, _facts(url, w["writer"]), ["A"], ("2026-03",))[
        ("A", "2026-03", "goals")
    ]
    # Five Mondays, one excused and unwritten: (47 + 42 + 36 + 0) ÷ 4 = 31.25.
    assert row["points"] == pytest.approx(31.25)
    assert row["measure_label"] == "记分 3 周 / 应计 4 周（免计 1 周）"
    finals = {str(j["week_start"]): j["final"] for j in journals.mine(w["writer"], url=url)}
    assert finals == {
        "2026-03-02": 47.0,
        "2026-03-09": 42.0,
        "2026-03-16": 36.0,
        "2026-03-30": None,
    }


def test_back_filling_closes_five_working_days_after_the_week(world: dict) -> None:
    w, url, d = world, world["url"], world["dir"]
    assert journals.backfill_deadline(date(2026, 3, 16)) == date(2026, 3, 27)
    journals.excuse(w["chief"], "A", date(2026, 3, 16), "holiday", d, url=url)
    with pytest.raises(journals.JournalError):  # Monday 30 March: too late
        journals.write(w["writer"], date(2026, 3, 16), 30, "补填", today=date(2026, 3, 30), url=url)
    with pytest.raises(journals.JournalError):  # a week not yet begun
        journals.write(w["writer"], date(2026, 4, 6), 30, "预写", today=date(2026, 4, 3), url=url)


def test_queues_and_who_may_review(world: dict) -> None:
    w, url, d = world, world["url"], world["dir"]
    jid = journals.write(w["writer"], date(2026, 3, 2), 40, "办案", today=date(2026, 3, 6), url=url)
    # Awaiting every level above the writer; nothing for a colleague.
    for who in ("chief", "leader", "head"):
        assert [r["journal_id"] for r in journals.queue(w[who], d, url=url)] == [jid]
    assert journals.queue(w["colleague"], d, url=url) == []
    with pytest.raises(NotAllowed):
        journals.review(w["colleague"], jid, 50, d, url=url)
    with pytest.raises(NotAllowed):  # nobody excuses their own week
        journals.excuse(w["writer"], "A", date(2026, 3, 9), "trip", d, url=url)
    journals.review(w["leader"], jid, 45, d, url=url)
    # The supervising leader reviewed: the section chief's turn has passed; the head's not.
    assert journals.queue(w["chief"], d, url=url) == []
    assert journals.queue(w["leader"], d, url=url) == []
    assert [r["journal_id"] for r in journals.queue(w["head"], d, url=url)] == [jid]


def test_the_migration_and_the_demo_agree_on_the_journal_tables(tmp_path: Path) -> None:
    import sqlite3

    import sqlalchemy as sa

    from kpi_warehouse.demo.schema import APP_DDL
    from kpi_warehouse.store import db

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    inspector = sa.inspect(db.engine(url))  # migrated from scratch
    demo = sqlite3.connect(":memory:")
    for table in ("kpi_journal", "kpi_journal_review"):
        demo.execute(APP_DDL[table])
        demo_columns = [r[1] for r in demo.execute(f"PRAGMA table_info({table})")]
        assert [c["name"] for c in inspector.get_columns(table)] == demo_columns

"""Reviewed manual entry: clerk enters, another person reviews, nobody reviews their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_warehouse.store import accounts, history
from kpi_warehouse.store import manual_entries as me
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.registries.service import Conflict, Invalid
from tests.registry_helpers import DIRECTORY, OPERATOR, PASSWORD, TODAY, make_store, owner

ENTRY = {"person_name": "李娜", "item": "奖励加分", "value": "3", "entry_date": "2026-05-10",
         "description": "办案能手"}  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = make_store(tmp_path)
    for name, roles, person in (
        ("rev1", ["reviewer"], "P00002"),
        ("both1", ["clerk", "reviewer"], "P00001"),  # the clerk's person, also a reviewer
        ("rev_same", ["reviewer"], "P00001"),  # a second account of that person
    ):
        accounts.add(OPERATOR, name, roles, PASSWORD, person_id=person, url=url)
    return url


def _statuses(url: str) -> list[tuple]:
    with sa.create_engine(url).connect() as con:
        return list(
            con.execute(
                sa.text(
                    "SELECT item, value, entered_by, reviewed_by, review_status FROM manual_entries"
                )
            )
        )


def test_clerk_enters_reviewer_approves(store: str):
    eid = me.add(owner("clerk1", store), ENTRY, DIRECTORY, TODAY, url=store)
    assert _statuses(store) == [("reward", 3.0, "P00001", None, "pending")]
    assert [e["entry_id"] for e in me.queue(owner("rev1", store), "review", store)] == [eid]
    me.approve(owner("rev1", store), eid, url=store)
    assert _statuses(store) == [("reward", 3.0, "P00001", "P00002", "approved")]
    acts = [(h.act, h.actor) for h in history.of("manual_entries", eid, url=store)]
    assert acts == [("add", "clerk1"), ("approved", "rev1")]


def test_nobody_approves_their_own_entry(store: str):
    eid = me.add(owner("both1", store), ENTRY, DIRECTORY, TODAY, url=store)
    with pytest.raises(NotAllowed, match="不能审核本人"):
        me.approve(owner("both1", store), eid, url=store)
    # another account of the same person is the same person
    with pytest.raises(NotAllowed, match="不能审核本人"):
        me.approve(owner("rev_same", store), eid, url=store)
    assert me.queue(owner("both1", store), "review", store) == []
    assert _statuses(store)[0][4] == "pending"


def test_clerk_cannot_review_and_reviewer_cannot_enter(store: str):
    eid = me.add(owner("clerk1", store), ENTRY, DIRECTORY, TODAY, url=store)
    with pytest.raises(NotAllowed):
        me.approve(owner("clerk1", store), eid, url=store)
    with pytest.raises(NotAllowed):
        me.add(owner("rev1", store), ENTRY, DIRECTORY, TODAY, url=store)


def test_reject_needs_a_reason_then_clerk_fixes_and_it_is_approved(store: str):
    eid = me.add(owner("clerk1", store), ENTRY, DIRECTORY, TODAY, url=store)
    with pytest.raises(Invalid):
        me.reject(owner("rev1", store), eid, " ", url=store)
    me.reject(owner("rev1", store), eid, "缺少证明材料", url=store)
    assert [e["entry_id"] for e in me.queue(owner("clerk1", store), "rejected", store)] == [eid]
    with pytest.raises(Conflict):  # a rejected entry cannot be approved without a fix
        me.approve(owner("rev1", store), eid, url=store)
    me.fix(owner("clerk1", store), eid, {"value": 2}, DIRECTORY, TODAY, url=store)
    me.approve(owner("rev1", store), eid, url=store)
    assert _statuses(store) == [("reward", 2.0, "P00001", "P00002", "approved")]
    rejected = [h for h in history.of("manual_entries", eid, url=store) if h.act == "rejected"]
    assert rejected[0].reason == "缺少证明材料"
    assert json.loads(rejected[0].before)["review_status"] == "pending"


def test_entry_rows_are_checked_and_all_or_nothing(store: str):
    rows = [
        (2, ENTRY),
        (3, {**ENTRY, "item": "加班"}),  # not a manual item
        (4, {**ENTRY, "value": "三"}),  # not a number
        (5, {**ENTRY, "person_name": "王芳"}),  # ambiguous
    ]
    result = me.import_rows(owner("clerk1", store), rows, DIRECTORY, TODAY, url=store)
    assert [(p.row, p.column) for p in result.problems] == [(3, "事项"), (4, "分值"), (5, "姓名")]
    assert _statuses(store) == []
    ok = me.import_rows(owner("clerk1", store), rows[:1], DIRECTORY, TODAY, url=store)
    again = me.import_rows(owner("clerk1", store), rows[:1], DIRECTORY, TODAY, url=store)
    assert (len(ok.added), len(again.added), again.unchanged) == (1, 0, 1)


def test_entry_cli_add_approve_and_self_approval_refused(store: str, tmp_path: Path):
    from tests.store_helpers import run_kpi, store_env
    from tests.test_registry_cli import _office

    _office(tmp_path)
    env = store_env(tmp_path)
    year = str(__import__("datetime").date.today().year)
    args = ["--user", "both1", "--name", "李娜", "--item", "reward", "--value", "3"]
    args += ["--date", f"{year}-02-01", "--description", "办案能手"]
    add = run_kpi(env, "entry", "add", *args)
    assert add.returncode == 0, add.stderr
    eid = add.stdout.strip().rsplit(" ", 1)[-1]
    own = run_kpi(env, "entry", "approve", eid, "--user", "both1")
    assert own.returncode == 2 and "不能审核本人" in own.stderr
    ok = run_kpi(env, "entry", "approve", eid, "--user", "rev1")
    assert ok.returncode == 0, ok.stderr
    listed = run_kpi(env, "entry", "list", "--user", "both1", "--queue", "mine")
    assert "approved" in listed.stdout and "P00002" in listed.stdout

"""The registries and manual-entry pages in AppTest, on a throw-away store (the demo's app
tables, accounts of tests/registry_helpers.py) and no published snapshot: these pages work
on the store alone. Expected values follow from the rules: the directory has 张伟 P00001,
李娜 P00002 and two 王芳; office accounts keep 信息简报, pol1 (政治部) keeps 表彰奖励."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from apptest_text import page_text
from conftest import APP_PATH, APP_TIMEOUT_SECONDS
from signin_helpers import sign_in

from kpi_warehouse.store import accounts, history
from kpi_warehouse.store import manual_entries as me
from kpi_warehouse.store.registries import service
from tests.registry_helpers import DIRECTORY, OPERATOR, PASSWORD, make_store
from tests.test_registry_cli import _office

REGISTRIES = "views/registries.py"
ENTRY = "views/manual_entry.py"
YEAR = date.today().year  # the open period is the current year
DAY = date(YEAR, 3, 2)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = make_store(tmp_path)
    _office(tmp_path)
    for name, roles, person in (
        ("rev1", ["reviewer"], "P00002"),
        ("both1", ["clerk", "reviewer"], "P00003"),
        ("staff1", ["staff"], "P00002"),
    ):
        accounts.add(OPERATOR, name, roles, PASSWORD, person_id=person, url=url)
    for name in [k for k in os.environ if k.startswith("KPI_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KPI_SNAPSHOT", str(tmp_path / "none.duckdb"))
    return url


def open_as(user: str, page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_PATH), default_timeout=APP_TIMEOUT_SECONDS)
    at.run()
    sign_in(at, user, PASSWORD)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def bulletins(url: str) -> list[tuple]:
    with sa.create_engine(url).connect() as con:
        sql = "SELECT person_id, title, media_level, published_date FROM reg_bulletins"
        return list(con.execute(sa.text(sql)))


def test_owner_adds_a_record_through_the_form(store: str):
    at = open_as("office1", REGISTRIES)
    assert [s.label for s in at.selectbox][:1] == ["登记簿"]
    assert at.selectbox(key="reg.registry").options == ["信息简报（办公室登记）"]
    form = "reg.add.bulletins"
    at.text_input(key=f"{form}.person_name").input("李娜")
    at.text_input(key=f"{form}.title").input("检察开放日")
    at.selectbox(key=f"{form}.media_level").select("city")
    at.date_input(key=f"{form}.published_date").set_value(DAY)
    button(at, "新增记录").click().run()
    assert not at.exception
    assert bulletins(store) == [("P00002", "检察开放日", "city", DAY.isoformat())]
    assert any(s.value.startswith("已新增记录 BL-") for s in at.success)
    # the records tab lists it, with its status
    assert "检察开放日" in page_text(at) and "有效" in page_text(at)


def test_a_bad_record_is_refused_with_the_problem(store: str):
    at = open_as("office1", REGISTRIES)
    form = "reg.add.bulletins"
    at.text_input(key=f"{form}.person_name").input("王芳")
    at.text_input(key=f"{form}.title").input("开放日")
    at.selectbox(key=f"{form}.media_level").select("city")
    at.date_input(key=f"{form}.published_date").set_value(DAY)
    button(at, "新增记录").click().run()
    assert bulletins(store) == []
    assert "未保存，请修改以下问题：" in [e.value for e in at.error]
    assert "姓名“王芳”有 2 人重名（P00003、P00004）" in page_text(at)


def test_second_save_gets_a_conflict_and_overwrites_nothing(store: str):
    owner = accounts.find("office1", url=store)
    record = service.add(owner, "bulletins", {"person_id": "P00001", "title": "原标题",
                         "media_level": "city", "published_date": DAY.isoformat()},
                         DIRECTORY)  # fmt: skip
    rid = str(record["bulletin_id"])
    at = open_as("office1", REGISTRIES)  # opens the edit form on the record
    assert at.selectbox(key="reg.pick.bulletins").value == rid
    # meanwhile a colleague of the same office saves a change
    colleague = accounts.find("office2", url=store)
    service.edit(colleague, "bulletins", record, {"title": "同事改的标题"}, "同事修改", DIRECTORY)
    prefix = f"reg.edit.bulletins.{rid}.0"
    at.text_input(key=f"{prefix}.title").input("我改的标题")
    at.text_input(key=f"{prefix}.reason").input("标题有误")
    button(at, "保存修改").click().run()
    assert any(e.value.startswith("保存冲突") for e in at.error)
    assert [r[1] for r in bulletins(store)] == ["同事改的标题"]
    # reloaded: the form now shows the colleague's version and saving works
    button(at, "重新载入").click().run()
    prefix = f"reg.edit.bulletins.{rid}.1"
    assert at.text_input(key=f"{prefix}.title").value == "同事改的标题"
    at.text_input(key=f"{prefix}.reason").input("再改")
    at.text_input(key=f"{prefix}.title").input("最终标题")
    button(at, "保存修改").click().run()
    assert [r[1] for r in bulletins(store)] == ["最终标题"]
    acts = [(h.act, h.actor) for h in history.of("reg_bulletins", rid, url=store)]
    assert acts == [("import", "office1"), ("edit", "office2"), ("edit", "office1")]


def test_void_needs_a_reason_and_shows_the_record_as_voided(store: str):
    owner = accounts.find("office1", url=store)
    service.add(owner, "bulletins", {"person_id": "P00001", "title": "重复的一条",
                "media_level": "city", "published_date": DAY.isoformat()}, DIRECTORY)  # fmt: skip
    at = open_as("office1", REGISTRIES)
    button(at, "作废该记录").click().run()
    assert "修改或作废须填写原因" in page_text(at)
    assert len(bulletins(store)) == 1
    rid = at.selectbox(key="reg.pick.bulletins").value
    at.text_input(key=f"reg.edit.bulletins.{rid}.0.void_reason").input("重复登记")
    button(at, "作废该记录").click().run()
    assert bulletins(store) == []
    at.run()
    text = page_text(at)
    assert "有效记录 0 条，已作废 1 条" in text
    assert "已作废" in text and "重复登记" in text and "重复的一条" in text


def test_another_office_keeps_only_its_registry_and_staff_are_refused(store: str):
    at = open_as("pol1", REGISTRIES)
    assert at.selectbox(key="reg.registry").options == ["表彰奖励（政治部登记）"]
    assert "信息简报" not in page_text(at)
    at = open_as("staff1", REGISTRIES)
    assert [e.value for e in at.error] == ["无权查看 / not permitted"]
    assert not at.text_input and not at.dataframe
    at = open_as("clerk1", REGISTRIES)  # a clerk keeps no registry either
    assert [e.value for e in at.error] == ["无权查看 / not permitted"]


def test_clerk_enters_and_reviewer_approves(store: str):
    at = open_as("clerk1", ENTRY)
    assert [t.label for t in at.tabs] == ["录入", "导入", "我的录入", "被退回"]
    at.text_input(key="entry.add.person_name").input("李娜")
    at.selectbox(key="entry.add.item").select("reward")
    at.text_input(key="entry.add.value").input("2")
    at.date_input(key="entry.add.entry_date").set_value(DAY)
    at.text_input(key="entry.add.description").input("办案能手")
    button(at, "提交审核").click().run()
    [row] = me.queue(accounts.find("clerk1", url=store), "mine", store)
    assert (row["person_id"], row["item"], row["value"], row["review_status"]) == (
        "P00002", "reward", 2.0, "pending")  # fmt: skip
    rev = open_as("rev1", ENTRY)
    assert [t.label for t in rev.tabs] == ["待审核"]
    assert rev.selectbox(key="entry.review.pick").value == row["entry_id"]
    button(rev, "审核通过").click().run()
    assert me.get(str(row["entry_id"]), store)["review_status"] == "approved"


def test_own_entry_is_listed_but_never_approvable(store: str):
    both = accounts.find("both1", url=store)
    eid = me.add(both, {"person_name": "李娜", "item": "reward", "value": 1,
                        "entry_date": DAY.isoformat(), "description": "自己录的"},
                 DIRECTORY)  # fmt: skip
    at = open_as("both1", ENTRY)
    assert "待审核" in [t.label for t in at.tabs]
    pick = at.selectbox(key="entry.review.pick")
    assert pick.value == eid
    assert "这是您本人录入的补录，不能由您审核；须由另一名审核人审核。" in [
        w.value for w in at.warning
    ]
    assert button(at, "审核通过").disabled and button(at, "退回").disabled
    assert me.get(eid, store)["review_status"] == "pending"


def test_rejected_entry_goes_back_and_is_resubmitted(store: str):
    clerk = accounts.find("clerk1", url=store)
    eid = me.add(clerk, {"person_name": "张伟", "item": "reward", "value": 9,
                         "entry_date": DAY.isoformat(), "description": "超额"},
                 DIRECTORY)  # fmt: skip
    rev = open_as("rev1", ENTRY)
    button(rev, "退回").click().run()  # no reason yet
    assert "退回须填写原因" in page_text(rev)
    rev.text_input(key=f"entry.review.reason.{eid}").input("超过上限 5 分")
    button(rev, "退回").click().run()
    assert me.get(eid, store)["review_status"] == "rejected"
    at = open_as("clerk1", ENTRY)
    text = page_text(at)
    assert "已退回" in text and "超过上限 5 分" in text
    at.text_input(key=f"entry.fix.{eid}.value").input("5")
    button(at, "修改并重新提交").click().run()
    after = me.get(eid, store)
    assert (after["value"], after["review_status"]) == (5.0, "pending")
    at.run()
    assert "待审核（修改后重新提交）" in page_text(at)

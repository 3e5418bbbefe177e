"""Registries and manual entry in Chromium, each flow signed in as the demo account that
does it, on a private copy of the demo build: the office's registry owner adds, edits
(meeting a conflict), voids, imports and exports 信息简报; another office's owner keeps
only its own registry; staff are refused; the clerk enters, the reviewer approves and
rejects, an account never approves its own entry; the liaison sees what is missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from browser_demo_copy import (
    box,
    choose,
    chromium,
    copy_demo,
    fill_date,
    form_of,
    keyed,
    serve,
    store_url,
)
from openpyxl import Workbook, load_workbook
from test_browser import UI_TIMEOUT_MS

from dashboards.i18n import MESSAGES
from kpi_warehouse.demo.accounts import DEMO_PASSWORD
from kpi_warehouse.store import accounts
from kpi_warehouse.store import manual_entries as me
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.registries import service
from kpi_warehouse.store.registries.checks import Directory, Person
from tests.conftest import DemoBuild
from tests.dashboard.browser_signin import sign_in_at

pytestmark = pytest.mark.browser
ZH = MESSAGES["zh"]
DAY = date(date.today().year, 11, 3)  # in the open period (the current year)


@pytest.fixture(scope="module")
def demo(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> DemoBuild:
    return copy_demo(demo_build, tmp_path_factory.mktemp("registries"))


@pytest.fixture(scope="module")
def server(demo: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(demo, tmp_path_factory.mktemp("registries-log") / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as chromium_browser:
        yield chromium_browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    yield page
    context.close()


def directory(demo: DemoBuild) -> Directory:
    eng = sa.create_engine(f"sqlite:///{demo.sources / 'office.sqlite'}")
    with eng.connect() as con:
        people = [Person(*r) for r in con.execute(sa.text("SELECT person_id, name FROM staff"))]
    eng.dispose()
    return Directory(people)


def bulletin(demo: DemoBuild, rid: str) -> dict[str, object] | None:
    return service.get("bulletins", rid, url=store_url(demo))


def test_registry_owner_adds_edits_voids_imports_and_exports(page, server, demo, tmp_path):
    from playwright.sync_api import expect

    url = store_url(demo)
    owner = accounts.find("registry_owner", url=url)
    person = accounts.find("staff", url=url).person_id
    sign_in_at(page, f"{server}/registries", "registry_owner", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=ZH["reg.title"])).to_be_visible()
    main = page.get_by_test_id("stMain")
    picker = main.get_by_role("combobox", name=ZH["reg.choose"])
    expect(picker).to_have_value("信息简报（办公室登记）")

    # add
    main.get_by_role("tab", name=ZH["reg.tab.add"]).click()
    form = form_of(page, ZH["reg.add.submit"])
    box(form, "人员编号").fill(person)
    box(form, "标题").fill("浏览器登记的简报")
    choose(page, form, "刊发级别", "市级")
    fill_date(page, form, "刊发日期", DAY)
    form.get_by_role("button", name=ZH["reg.add.submit"]).click()
    added = page.get_by_text(re.compile(r"已新增记录 BL-\w+"))
    expect(added).to_be_visible()
    rid = re.search(r"BL-\w+", added.inner_text()).group(0)
    record = bulletin(demo, rid)
    assert record is not None
    assert (record["person_id"], record["title"], record["media_level"]) == (
        person, "浏览器登记的简报", "city")  # fmt: skip
    assert record["published_date"] == DAY.isoformat()

    # edit: someone saves in between, so this save is refused with the conflict message
    main.get_by_role("tab", name=ZH["reg.tab.edit"]).click()
    choose(page, main, ZH["reg.edit.pick"], rid)
    form = form_of(page, ZH["reg.edit.submit"])
    expect(box(form, "标题")).to_have_value("浏览器登记的简报")
    service.edit(owner, "bulletins", record, {"title": "同事改过的标题"}, "同事修改",
                 directory(demo), url=url)  # fmt: skip
    box(form, "标题").fill("我改的标题")
    box(form, ZH["reg.edit.reason"]).fill("标题有误")
    form.get_by_role("button", name=ZH["reg.edit.submit"]).click()
    expect(page.get_by_text(ZH["reg.conflict"])).to_be_visible()
    assert bulletin(demo, rid)["title"] == "同事改过的标题"

    # reload, then void with a reason: it leaves the live table and shows as voided
    main.get_by_role("button", name=ZH["reg.reload"]).click()
    expect(box(form_of(page, ZH["reg.edit.submit"]), "标题")).to_have_value("同事改过的标题")
    void = form_of(page, ZH["reg.void.submit"])
    box(void, ZH["reg.void.reason"]).fill("重复登记")
    void.get_by_role("button", name=ZH["reg.void.submit"]).click()
    expect(page.get_by_text(ZH["reg.voided"].format(id=rid))).to_be_visible()
    assert bulletin(demo, rid) is None
    main.get_by_role("tab", name=ZH["reg.tab.records"]).click()
    expect(main.get_by_text(re.compile(r"已作废 \d+ 条"))).to_be_visible()

    # import: a bad file adds nothing and offers the marked copy; a good one adds its row
    bad, good = tmp_path / "坏文件.xlsx", tmp_path / "好文件.xlsx"
    for path, pid, title in ((bad, "P99998", "查无此人的简报"), (good, person, "导入的简报")):
        wb = Workbook()
        wb.active.append(["人员编号", "标题", "刊发级别", "刊发日期"])
        wb.active.append([pid, title, "区级", DAY.isoformat()])
        wb.save(path)
    main.get_by_role("tab", name=ZH["reg.tab.import"]).click()
    uploader = main.get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(str(bad))
    expect(main.get_by_text(bad.name)).to_be_visible()  # uploaded
    main.get_by_role("button", name=ZH["reg.import.submit"]).click()
    expect(page.get_by_text(ZH["reg.import.bad"].format(name=bad.name, n=1))).to_be_visible()
    expect(main.get_by_text("人员编号 P99998 不存在")).to_be_visible()
    with page.expect_download() as download:
        main.get_by_role("button", name=ZH["reg.import.marked"]).click()
    download.value.save_as(tmp_path / "marked.xlsx")
    marked = load_workbook(tmp_path / "marked.xlsx").worksheets[0]
    assert "人员编号 P99998 不存在" in marked["B2"].comment.text
    uploader.set_input_files(str(good))
    expect(main.get_by_text(bad.name)).to_have_count(0)  # the new file replaced the report
    main.get_by_role("button", name=ZH["reg.import.submit"]).click()
    ok = ZH["reg.import.ok"].format(name=good.name, added=1, unchanged=0)
    expect(page.get_by_text(ok)).to_be_visible()
    titles = [r["title"] for r in service.records("bulletins", url)]
    assert "导入的简报" in titles and "查无此人的简报" not in titles

    # export: every live record, importable back
    main.get_by_role("tab", name=ZH["reg.tab.export"]).click()
    with page.expect_download() as download:
        main.get_by_role("button", name=ZH["reg.export"]).click()
    assert download.value.suggested_filename == "信息简报.xlsx"
    download.value.save_as(tmp_path / "export.xlsx")
    sheet = load_workbook(tmp_path / "export.xlsx").worksheets[0]
    assert sheet.max_row - 1 == len(service.records("bulletins", url))


def test_each_office_keeps_only_its_registry_and_others_are_refused(page, server, demo):
    from playwright.sync_api import expect

    sign_in_at(page, f"{server}/registries", "registry_political", DEMO_PASSWORD)
    main = page.get_by_test_id("stMain")
    picker = main.get_by_role("combobox", name=ZH["reg.choose"])
    expect(picker).to_have_value("表彰奖励（政治部登记）")
    picker.click()
    options = page.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("表彰奖励（政治部登记）")
    page.keyboard.press("Escape")
    for user in ("staff", "clerk"):
        sign_in_at(page, f"{server}/registries", user, DEMO_PASSWORD)
        expect(page.get_by_text(ZH["access.not_permitted"])).to_be_visible()
        expect(page.get_by_text(ZH["access.detail.page"])).to_be_visible()
        assert page.get_by_role("tab").count() == 0
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_role("link", name=ZH["nav.registries"])).to_have_count(0)


def test_clerk_enters_reviewer_approves_and_rejects(page, server, demo):
    from playwright.sync_api import expect

    url = store_url(demo)
    person = accounts.find("staff", url=url).person_id
    sign_in_at(page, f"{server}/manual-entry", "clerk", DEMO_PASSWORD)
    main = page.get_by_test_id("stMain")
    # the demo's queues have something in them
    clerk = accounts.find("clerk", url=url)
    why = "请附上级院采用通知后重新提交"  # the demo's rejected entry
    reasons = me.reject_reasons(url)
    [sent_back] = [e["entry_id"] for e in me.queue(clerk, "rejected", url)
                   if reasons.get(str(e["entry_id"])) == why]  # fmt: skip
    main.get_by_role("tab", name=ZH["entry.tab.rejected"]).click()
    choose(page, main, ZH["entry.fix.pick"], str(sent_back))
    reason = ZH["entry.fix.reason"].format(reason=why)
    expect(main.get_by_text(reason)).to_be_visible()
    main.get_by_role("tab", name=ZH["entry.tab.enter"], exact=True).click()
    form = form_of(page, ZH["entry.submit"])
    box(form, "人员编号").fill(person)
    choose(page, form, "事项", "奖励加分")
    box(form, "分值").fill("2")
    fill_date(page, form, "日期", DAY)
    box(form, "说明").fill("浏览器录入：协助完成专项督查")
    form.get_by_role("button", name=ZH["entry.submit"]).click()
    entered = page.get_by_text(re.compile(r"已录入，等待审核：ME-\w+"))
    expect(entered).to_be_visible()
    eid = re.search(r"ME-\w+", entered.inner_text()).group(0)
    assert me.get(eid, url)["review_status"] == "pending"

    sign_in_at(page, f"{server}/manual-entry", "reviewer", DEMO_PASSWORD)
    main = page.get_by_test_id("stMain")
    choose(page, main, ZH["entry.review.pick"], eid)
    # the button of the entry picked: one clicked before the pick's run has drawn it
    # would be the previous entry's (Streamlit then drops the click)
    keyed(main, f"entry.approve.{eid}").get_by_role("button").click()
    expect(page.get_by_text(ZH["entry.approved_msg"].format(id=eid))).to_be_visible()
    after = me.get(eid, url)
    reviewer = accounts.find("reviewer", url=url)
    assert (after["review_status"], after["reviewed_by"]) == ("approved", reviewer.person_id)

    pending = me.queue(reviewer, "review", url)[0]["entry_id"]
    choose(page, main, ZH["entry.review.pick"], str(pending))
    picker = main.get_by_role("combobox", name=ZH["entry.review.pick"])
    expect(picker).to_have_value(re.compile(f"^{pending} · "))
    box(main, ZH["entry.reject.reason"]).fill("缺少证明材料")
    keyed(main, f"entry.reject.{pending}").get_by_role("button").click()
    expect(page.get_by_text(ZH["entry.rejected_msg"].format(id=pending))).to_be_visible()
    assert me.get(str(pending), url)["review_status"] == "rejected"


def test_nobody_approves_their_own_entry(page, server, demo):
    from playwright.sync_api import expect

    url = store_url(demo)
    clerk = accounts.find("clerk", url=url)
    accounts.add(Actor("test"), "clerk_reviewer", ["clerk", "reviewer"], DEMO_PASSWORD,
                 person_id=clerk.person_id, url=url)  # fmt: skip
    both = accounts.find("clerk_reviewer", url=url)
    eid = me.add(both, {"person_id": accounts.find("staff", url=url).person_id,
                        "item": "reward", "value": 1, "entry_date": DAY.isoformat(),
                        "description": "本人录入的补录"}, directory(demo), url=url)  # fmt: skip
    sign_in_at(page, f"{server}/manual-entry", "clerk_reviewer", DEMO_PASSWORD)
    main = page.get_by_test_id("stMain")
    main.get_by_role("tab", name=ZH["entry.tab.review"]).click()
    choose(page, main, ZH["entry.review.pick"], eid)
    expect(main.get_by_text(ZH["entry.review.own"])).to_be_visible()
    expect(main.get_by_role("button", name=ZH["entry.approve"])).to_be_disabled()
    expect(main.get_by_role("button", name=ZH["entry.reject"])).to_be_disabled()
    assert me.get(eid, url)["review_status"] == "pending"


def test_liaison_sees_what_is_missing(page, server, demo):
    from playwright.sync_api import expect

    sign_in_at(page, f"{server}/manual-entry", "liaison", DEMO_PASSWORD)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("tab", name=ZH["entry.tab.missing"])).to_be_visible()
    expect(main.get_by_role("tab")).to_have_count(1)
    expect(main.get_by_text("按最近一次构建")).to_be_visible()
    expect(
        main.get_by_text(re.compile(r"本部门人员本期补录（实时）：已通过 \d+ 条"))
    ).to_be_visible()

"""Rating campaigns and work journals in Chromium, over a copy of the demo build (the
acts write to the store; the copy keeps other modules' demo untouched).

- staff casts a ballot on 评议; sees only the ballots they cast, no organiser view;
- the liaison sees the turnout (counts only) and cannot close before the deadline;
- a ratee sees no single ballot: not on the page, not through the SQL console (refused for
  staff; the analyst's console has only summaries of three or more raters);
- the section chief and the department head review a journal in turn on 工作日志 (two of
  the three levels; the head's score is final); staff write this week's journal and have
  no review queue.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from browser_server import chromium, serve
from test_browser import (
    UI_TIMEOUT_MS,
)

from dashboards.i18n import MESSAGES
from kpi_warehouse.demo.accounts import DEMO_PASSWORD
from kpi_warehouse.store import accounts
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.participation import campaigns, journals, org
from kpi_warehouse.store.scope import NotPermitted, scope_for
from kpi_warehouse.store.sql_sandbox import run_sql
from tests.conftest import DemoBuild, demo_env
from tests.dashboard.browser_signin import sign_in_at

pytestmark = pytest.mark.browser
ZH = MESSAGES["zh"]
UNIT = "PRC-CITY-gongsu"


@dataclass(frozen=True)
class Copy:
    data_dir: Path

    @property
    def app_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'sources' / 'app.sqlite'}"

    @property
    def office_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'sources' / 'office.sqlite'}"

    @property
    def snapshot(self) -> Path:
        return self.data_dir / "warehouse" / "published.duckdb"

    def account(self, name: str) -> accounts.AccountView:
        return accounts.find(name, url=self.app_url)


@pytest.fixture(scope="module")
def copy(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Copy:
    target = tmp_path_factory.mktemp("participation") / "data"
    shutil.copytree(demo_build.sources, target / "sources")
    (target / "warehouse").mkdir()
    shutil.copy2(demo_build.snapshot, target / "warehouse" / "published.duckdb")
    return Copy(target)


@pytest.fixture(scope="module")
def server(copy: Copy, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("participation-log") / "streamlit.log"
    with serve(demo_env(copy.data_dir), log) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()


def _main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_staff_casts_a_ballot_and_sees_only_their_own(server: str, page, copy: Copy) -> None:
    from playwright.sync_api import expect

    staff = copy.account("staff")
    directory = org.load(copy.office_url)
    due = campaigns.my_ballots(staff, url=copy.app_url)
    assert due and all(row["ratee_id"] != staff.person_id for row in due)
    ratee = str(due[0]["ratee_id"])
    campaign_id = str(due[0]["campaign_id"])
    sign_in_at(page, f"{server}/ratings", "staff", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=ZH["rate.mine"])).to_be_visible()
    label = ZH["rate.score_label"].format(
        name=directory.name(ratee), level=ZH["rate.level.colleague"], top="100"
    )
    page.get_by_label(label).fill("86")
    page.get_by_role("button", name=ZH["rate.save"]).click()
    expect(page.get_by_text(ZH["rate.saved"].format(n=1))).to_be_visible()
    mine = {r["ratee_id"]: r for r in campaigns.my_ballots(staff, url=copy.app_url)}
    assert mine[ratee]["score"] == 86.0
    # No organiser view, no turnout, and the staff member's own name is no ballot's ratee.
    text = _main_text(page)
    assert ZH["rate.organise"] not in text and ZH["rate.turnout"] not in text
    assert directory.name(str(staff.person_id)) not in text
    # Casting again after this changes the same ballot (one per rater and ratee).
    campaigns.cast(staff, campaign_id, ratee, score=90, url=copy.app_url)
    again = [r for r in campaigns.my_ballots(staff, url=copy.app_url) if r["ratee_id"] == ratee]
    assert [r["score"] for r in again] == [90.0]


def test_liaison_sees_turnout_and_cannot_close_early(server: str, page, copy: Copy) -> None:
    from playwright.sync_api import expect

    liaison = copy.account("liaison")
    directory = org.load(copy.office_url)
    open_ = [
        c
        for c in campaigns.organised(liaison, directory, url=copy.app_url)
        if c["status"] == "open"
    ]
    assert len(open_) == 1
    campaign_id = str(open_[0]["campaign_id"])
    sign_in_at(page, f"{server}/ratings", "liaison", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=ZH["rate.organise"])).to_be_visible()
    expect(page.get_by_text(ZH["rate.turnout"]).first).to_be_visible()
    for column in ("rate.col.due", "rate.col.cast", "rate.col.abstained"):
        expect(page.get_by_text(ZH[column], exact=True).first).to_be_visible()
    page.get_by_role("button", name=ZH["rate.close"].format(campaign=campaign_id)).click()
    expect(page.get_by_text("未到截止时间", exact=False)).to_be_visible()
    assert campaigns.get(campaign_id, url=copy.app_url)["status"] == "open"


def test_a_ratee_sees_no_single_ballot_in_the_sql_console(server: str, page, copy: Copy) -> None:
    """The demo's closed campaign (the quarter before) reached the build; the analyst's
    console shows it only as summaries of three or more raters, and staff get no console."""
    staff, analyst = copy.account("staff"), copy.account("analyst")
    directory = org.load(copy.office_url)
    closed = [
        c
        for c in campaigns.organised(copy.account("admin"), directory, url=copy.app_url)
        if c["status"] == "closed"
    ]
    assert len(closed) == 1
    campaign_id, period = str(closed[0]["campaign_id"]), str(closed[0]["period_id"])
    with duckdb.connect(str(copy.snapshot), read_only=True) as con:  # the build itself
        reached = con.execute(
            "SELECT count(*) FROM fct_activity WHERE source_key LIKE ? AND person_id = ?",
            [f"{campaign_id}-%", staff.person_id],
        ).fetchone()[0]
    # The staff member (检察官) is rated by the department's 主任 and 副主任 and the city's
    # 检察长 and 副检察长 (leader level, 4) and by the two other 检察官/书记员 on post
    # (colleague level, 2): six ballots, all cast in the demo.
    members = directory.unit_members(UNIT)
    assert sorted(m.post for m in members) == sorted(
        ["主任", "副主任", "一级检察官", "检察官助理", "书记员"]
    )
    assert reached == 6
    with pytest.raises(NotPermitted):
        run_sql(
            scope_for(staff, copy.app_url),
            copy.snapshot,
            "SELECT 1",
            Actor("staff"),
            audit_url=copy.app_url,
        )
    sql = (
        "SELECT kind, quantity, source_key FROM fct_activity WHERE source = 'ratings.rating'"
        f" AND person_id = '{staff.person_id}' AND period_id = '{period}' ORDER BY kind"
    )
    out = run_sql(
        scope_for(analyst, copy.app_url),
        copy.snapshot,
        sql,
        Actor("analyst"),
        audit_url=copy.app_url,
    )
    assert out.ok, out.error
    # The leaders' 4 ballots as one summary row; the colleagues' 2 not at all (fewer than 3).
    assert out.frame.to_dict("records") == [{"kind": "leader", "quantity": 4.0, "source_key": None}]
    out = run_sql(
        scope_for(analyst, copy.app_url),
        copy.snapshot,
        "SELECT count(*) AS n FROM fct_activity WHERE source_key LIKE 'RC-%'",
        Actor("analyst"),
        audit_url=copy.app_url,
    )
    assert out.frame["n"].tolist() == [0]
    # In the browser, staff typing the console's address are refused.
    sign_in_at(page, f"{server}/sql", "staff", DEMO_PASSWORD)
    from playwright.sync_api import expect

    expect(page.get_by_text(ZH["access.not_permitted"])).to_be_visible()


def _review_in_browser(page, server: str, user: str, journal_id: str, score: str) -> None:
    from playwright.sync_api import expect

    sign_in_at(page, f"{server}/journals", user, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=ZH["jr.queue"])).to_be_visible()
    page.get_by_label(ZH["jr.review_score"].format(journal=journal_id)).fill(score)
    page.get_by_role("button", name=ZH["jr.review"].format(journal=journal_id)).click()
    expect(page.get_by_text(ZH["jr.reviewed"].format(journal=journal_id))).to_be_visible()


def test_a_journal_reviewed_in_turn_at_two_levels(server: str, page, copy: Copy) -> None:
    directory = org.load(copy.office_url)
    chief = copy.account("reviewer")
    waiting = journals.queue(chief, directory, url=copy.app_url)
    assert waiting and all(r["my_level"] == "section_chief" for r in waiting)
    journal_id = str(waiting[0]["journal_id"])
    _review_in_browser(page, server, "reviewer", journal_id, "44")
    assert journal_id not in {
        r["journal_id"] for r in journals.queue(chief, directory, url=copy.app_url)
    }
    _review_in_browser(page, server, "dept_head", journal_id, "47")
    # The supervising leader did not review (agrees with the level below): the head's 47.
    writer = accounts.AccountView(
        0, "w", ("staff",), str(waiting[0]["person_id"]), None, None, None, False, None, None
    )
    week = next(r for r in journals.mine(writer, url=copy.app_url) if r["journal_id"] == journal_id)
    assert {lv: r["score"] for lv, r in week["reviews"].items()} == {
        "section_chief": 44.0,
        "department_head": 47.0,
    }
    assert week["final"] == 47.0
    leader = copy.account("leader")
    assert journal_id not in {
        r["journal_id"] for r in journals.queue(leader, directory, url=copy.app_url)
    }


def test_staff_write_this_weeks_journal_and_review_nothing(server: str, page, copy: Copy) -> None:
    from playwright.sync_api import expect

    sign_in_at(page, f"{server}/journals", "staff", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=ZH["jr.write"])).to_be_visible()
    page.get_by_label(ZH["jr.self_score"]).fill("45")
    page.get_by_label(ZH["jr.content"]).fill("本周审查起诉案件三件")
    page.get_by_role("button", name=ZH["jr.submit"]).click()
    expect(page.get_by_text(ZH["jr.submitted"].split("{")[0], exact=False)).to_be_visible()
    monday = journals.monday(date.today()).isoformat()
    mine = journals.mine(copy.account("staff"), url=copy.app_url)
    assert [(r["week_start"], r["self_score"]) for r in mine if r["week_start"] == monday] == [
        (monday, 45.0)
    ]
    assert ZH["jr.queue"] not in _main_text(page)

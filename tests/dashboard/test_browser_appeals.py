"""Publication and appeals in Chromium, each flow signed in as the role that does it, over
a copy of the demo build (the flows write to the store):

- staff: the 申诉 page lists their demo appeals with outcomes and files a new one (with an
  attachment) against the open quarter; the appeal queue and the unpublished annual period
  are refused;
- appraisal office: the queue flags the overdue appeal, refuses to let the office answer
  its own appeal, answers another in writing, and publishes the annual period — which staff
  then see.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from browser_server import chromium, serve
from test_browser import (
    UI_TIMEOUT_MS,
)

from dashboards.i18n import MESSAGES
from kpi_warehouse.demo.accounts import DEMO_PASSWORD
from kpi_warehouse.store import accounts, appeals, publication
from tests.conftest import DemoBuild, demo_env
from tests.dashboard.browser_signin import sign_in_at

pytestmark = pytest.mark.browser
ZH = MESSAGES["zh"]
REFUSED = ZH["access.not_permitted"]


@pytest.fixture(scope="module")
def data_dir(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's sources and published snapshot, copied: these tests change the store."""
    copy = tmp_path_factory.mktemp("appeals")
    shutil.copytree(demo_build.sources, copy / "sources")
    (copy / "warehouse").mkdir()
    shutil.copy(demo_build.snapshot, copy / "warehouse" / "published.duckdb")
    return copy


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[str]:
    with serve(demo_env(data_dir), data_dir / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    with chromium() as launched:
        context = launched.new_context(viewport={"width": 1400, "height": 1600})
        tab = context.new_page()
        tab.set_default_timeout(UI_TIMEOUT_MS)
        try:
            yield tab
        finally:
            context.close()


def store(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'sources' / 'app.sqlite'}"


def annual_period(data_dir: Path) -> str:
    with duckdb.connect(str(data_dir / "warehouse" / "published.duckdb"), read_only=True) as con:
        return con.execute(
            "SELECT period_id FROM dim_period WHERE period_type = 'year' AND period_id IN "
            "(SELECT period_id FROM fct_appraisal) ORDER BY period_id DESC LIMIT 1"
        ).fetchone()[0]


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_staff_files_an_appeal(page, server: str, data_dir: Path, tmp_path: Path):
    from playwright.sync_api import expect

    sign_in_at(page, f"{server}/appeals", "staff", DEMO_PASSWORD)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("AP-DEMO000001", exact=False)).to_be_visible()
    expect(main.get_by_text(ZH["appeal.status.upheld"], exact=False).first).to_be_visible()
    expect(main.get_by_text(ZH["appeal.status.dismissed"], exact=False).first).to_be_visible()
    expect(main.get_by_text(ZH["appeal.outcome.unchanged"], exact=False)).to_be_visible()
    # The only open window is 2026Q4's (published three days ago); appeal the grade.
    period = main.get_by_role("combobox", name=ZH["appeal.file.period"])
    expect(period).to_have_value(re.compile("^2026年第4季度"))
    main.get_by_label(ZH["appeal.file.reason"]).fill("四季度办案数量统计有遗漏")
    attachment = tmp_path / "说明.txt"
    attachment.write_text("补充材料", encoding="utf-8")
    page.locator("input[type='file']").set_input_files(str(attachment))
    expect(main.get_by_text("说明.txt")).to_be_visible()
    main.get_by_role("button", name=ZH["appeal.file.submit"]).click()
    expect(main.get_by_text("申诉已提交，编号 AP-", exact=False)).to_be_visible()
    staff = accounts.find("staff", url=store(data_dir))
    [filed] = [a for a in appeals.own(staff, url=store(data_dir)) if a.period_id == "2026Q4"]
    assert (filed.status, filed.indicator_id) == ("pending", None)
    assert filed.reason == "四季度办案数量统计有遗漏"
    assert filed.attachment_name == "说明.txt"
    assert filed.before["grade"]  # the Q4 result as staff saw it when filing


def test_staff_refusals(page, server: str, data_dir: Path):
    from playwright.sync_api import expect

    sign_in_at(page, f"{server}/appeal-queue", "staff", DEMO_PASSWORD)
    expect(page.get_by_text(REFUSED)).to_be_visible()
    assert "AP-DEMO000003" not in main_text(page)
    year = annual_period(data_dir)
    sign_in_at(page, f"{server}/department?period={year}&org_unit=PRC-CITY-gongsu", "staff",
               DEMO_PASSWORD)  # fmt: skip
    expect(page.get_by_text(REFUSED)).to_be_visible()
    assert page.get_by_test_id("stMetric").count() == 0


def test_office_answers_and_publishes(page, server: str, data_dir: Path):
    from playwright.sync_api import expect

    sign_in_at(page, f"{server}/appeal-queue", "appraisal_office", DEMO_PASSWORD)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("超期 1", exact=False)).to_be_visible()
    overdue = page.get_by_test_id("stExpander").filter(has_text="AP-DEMO000003")
    expect(overdue.get_by_text(ZH["appeal.overdue"]).first).to_be_visible()
    own = page.get_by_test_id("stExpander").filter(has_text="AP-DEMO000005")
    expect(own.get_by_text(ZH["queue.own"])).to_be_visible()
    expect(own.get_by_role("button", name=ZH["queue.submit"])).to_have_count(0)

    other = page.get_by_test_id("stExpander").filter(has_text="AP-DEMO000004")
    other.get_by_label(ZH["queue.answer"]).fill("培训期间的请假已按细则不扣分，等次依总分确定。")
    other.get_by_role("button", name=ZH["queue.submit"]).click()
    expect(main.get_by_text("已答复申诉 AP-DEMO000004")).to_be_visible()
    url = store(data_dir)
    decided = appeals.get("AP-DEMO000004", url=url)
    assert (decided.status, decided.decided_by) == ("dismissed", "appraisal_office")
    assert appeals.get("AP-DEMO000005", url=url).status == "pending"

    year = annual_period(data_dir)
    main.get_by_role("button", name=ZH["queue.publish.button"]).click()
    expect(main.get_by_text(f"已发布 {year}")).to_be_visible()
    assert publication.get(year, url=url).published_by == "appraisal_office"
    # staff now see the year's department results
    sign_in_at(page, f"{server}/department?period={year}&org_unit=PRC-CITY-gongsu", "staff",
               DEMO_PASSWORD)  # fmt: skip
    expect(page.get_by_role("heading", name=ZH["department.ranking"])).to_be_visible()
    expect(page.get_by_text(REFUSED)).to_have_count(0)

"""An admin starts a build from the browser (a private copy of the demo build): the page
says it runs, a second start is refused with a clear message, the outcome shows when it
ends, and all of it is in the audit log; another role cannot open the page."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from browser_demo_copy import chromium, copy_demo, serve, store_url
from test_browser import UI_TIMEOUT_MS

from dashboards.i18n import MESSAGES
from kpi_warehouse.demo.accounts import DEMO_PASSWORD
from kpi_warehouse.store import audit
from tests.conftest import DemoBuild
from tests.dashboard.browser_signin import sign_in_at

pytestmark = pytest.mark.browser
ZH = MESSAGES["zh"]
BUILD_MS = 400_000  # a whole demo build on a busy machine


@pytest.fixture(scope="module")
def demo(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> DemoBuild:
    """A copy of the demo build whose office system has one record corrected since: the
    build started from the page has real work to do (an unchanged build ends in seconds,
    before a second start could be refused)."""
    demo = copy_demo(demo_build, tmp_path_factory.mktemp("build"))
    with sqlite3.connect(demo.sources / "office.sqlite") as db:
        db.execute(
            "UPDATE attendance SET status = 'absent' WHERE record_id = "
            "(SELECT min(record_id) FROM attendance WHERE status = 'on_time')"
        )
    return demo


@pytest.fixture(scope="module")
def server(demo: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(demo, tmp_path_factory.mktemp("build-log") / "streamlit.log") as base:
        yield base


def test_admin_starts_a_build_and_a_second_start_is_refused(server: str, demo: DemoBuild):
    from playwright.sync_api import expect

    before = demo.snapshot.stat().st_mtime_ns
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.set_default_timeout(UI_TIMEOUT_MS)
        sign_in_at(page, f"{server}/build", "reviewer", DEMO_PASSWORD)
        expect(page.get_by_text(ZH["access.not_permitted"])).to_be_visible()
        expect(page.get_by_role("button", name=ZH["build.start"])).to_have_count(0)

        sign_in_at(page, f"{server}/build", "admin", DEMO_PASSWORD)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_text(ZH["build.last.none"])).to_be_visible()
        main.get_by_role("button", name=ZH["build.start"]).click()
        expect(main.get_by_text(re.compile(r"已在后台启动构建（编号 \w+）"))).to_be_visible()
        expect(main.get_by_text(re.compile(r"构建正在运行：admin 于 .+ 启动"))).to_be_visible()
        main.get_by_role("button", name=ZH["build.start"]).click()
        expect(main.get_by_text(re.compile("已有构建正在运行.*未启动新的构建"))).to_be_visible()
        # the status refreshes by itself until the build has ended
        done = main.get_by_text(re.compile(r"上次构建成功：.+ 结束（admin 启动）"))
        expect(done).to_be_visible(timeout=BUILD_MS)
        expect(main.get_by_text(ZH["build.idle"])).to_be_visible()
    assert demo.snapshot.stat().st_mtime_ns != before  # a new snapshot was published
    url = store_url(demo)
    starts = [(e.actor, e.outcome) for e in audit.events(action="build_start", url=url)]
    assert starts == [("admin", "refused"), ("admin", "ok")]
    [finish] = audit.events(action="build_finish", url=url)
    assert (finish.actor, finish.outcome) == ("admin", "ok")
    assert '"exit_code": 0' in (finish.detail or "")

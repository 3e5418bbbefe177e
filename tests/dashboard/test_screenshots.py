"""Each main page of the demo opens in Chromium, in Chinese and in English, and is kept as a
screenshot: ``artifacts/screenshots/<lang>-<page>.png`` (a CI artifact; git ignores it).

One server over the demo build, one sign-in (the admin, who may open every page), then the
pages through the menu, as a user moves between them — first in Chinese, then, after the
language switch, in English. The dbt docs page must show the generated docs site.

``KPI_README_SCREENSHOTS=1`` also writes the README's pictures to ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest
from browser_server import serve
from test_browser import REPO_ROOT

from dashboards.i18n import MESSAGES
from kpi_warehouse.dashboard_server import chromium
from kpi_warehouse.demo.accounts import DEMO_PASSWORD
from tests.conftest import DemoBuild
from tests.dashboard.browser_signin import sign_in_at

pytestmark = pytest.mark.browser

ARTIFACTS = REPO_ROOT / "artifacts" / "screenshots"
README_SHOTS = REPO_ROOT / "docs" / "screenshots"
README_PAGES = {("zh", "overview"), ("zh", "department"), ("zh", "mining"), ("en", "sql")}
PAGE_TIMEOUT_MS = 90_000
SETTLE_MS = 1_000  # charts draw after the script has finished
VIEWPORT = {"width": 1440, "height": 1800}

# (url path, menu label key, the page's heading key or None when the heading is a name)
PAGES = (
    ("overview", "nav.overview", "overview.title"),
    ("department", "nav.department", None),
    ("person", "nav.person", None),
    ("evidence", "nav.evidence", None),
    ("mining", "nav.mining", "mining.title"),
    ("sql", "nav.sql", "sql.title"),
    ("docs", "nav.dbt_docs", "docs.title"),
    ("audit", "nav.audit", None),
    # The working pages an admin opens (the others are driven by their own browser tests).
    ("scorecard", "lead.nav.scorecard", None),
    ("build", "nav.build", None),
    ("ratings", "nav.ratings", None),
    ("journals", "nav.journals", None),
    ("appeal-queue", "nav.appeal_queue", None),
    ("specs", "nav.spec_workbench", None),
    ("unit-appraisal", "nav.unit_appraisal", None),
)


@pytest.fixture(scope="module")
def server(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(demo_build.env, tmp_path_factory.mktemp("shots") / "streamlit.log") as base:
        yield base


def settle(page) -> None:
    """Wait until the page's script has run (and its charts have drawn)."""
    page.wait_for_timeout(300)  # let the rerun start
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    page.wait_for_timeout(SETTLE_MS)


def test_every_main_page_in_both_languages(server: str, demo_build: DemoBuild) -> None:
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    readme = os.environ.get("KPI_README_SCREENSHOTS") == "1"
    with chromium() as browser:
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        expect.set_options(timeout=PAGE_TIMEOUT_MS)
        sign_in_at(page, f"{server}/", "admin", DEMO_PASSWORD)
        sidebar = page.get_by_test_id("stSidebar")
        for lang in ("zh", "en"):
            text = MESSAGES[lang]
            if lang != "zh":
                sidebar.get_by_text(text[f"lang.{lang}"], exact=True).click()
                expect(sidebar.get_by_role("link", name=text["nav.overview"])).to_be_visible()
            for url_path, label, heading in PAGES:
                sidebar.get_by_role("link", name=text[label]).click()
                # The first page is the default one: its address is the server's root.
                where = "(overview)?" if url_path == "overview" else url_path
                expect(page).to_have_url(re.compile(rf"/{where}(\?.*)?$"))
                settle(page)
                main = page.get_by_test_id("stMain")
                if heading:
                    expect(main.get_by_role("heading", name=text[heading])).to_be_visible()
                expect(main.get_by_test_id("stException")).to_have_count(0)
                expect(main.get_by_text(text["access.not_permitted"])).to_have_count(0)
                if url_path == "docs":  # the generated dbt docs site, drawn in the page
                    docs = main.frame_locator("iframe").first
                    project = docs.locator("text=kpi_warehouse >> visible=true").first
                    expect(project).to_be_visible()
                shot = ARTIFACTS / f"{lang}-{url_path}.png"
                page.screenshot(path=str(shot))
                assert shot.stat().st_size > 10_000, shot
                if readme and (lang, url_path) in README_PAGES:
                    README_SHOTS.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(shot, README_SHOTS / shot.name)

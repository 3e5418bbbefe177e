"""The leaders' path in Chromium on the demo build: choose the year, open a department and
its comparison with the same department elsewhere, open a person, download the form."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from dashboards.i18n import MESSAGES
from kpi_warehouse.dashboard_server import chromium
from tests.dashboard.browser_signin import sign_in_at
from tests.dashboard.signin_helpers import PASSWORD
from tests.dashboard.test_browser import (  # noqa: F401 - dashboard_url is a fixture
    UI_TIMEOUT_MS,
    dashboard_url,
)

pytestmark = pytest.mark.browser

# A city department with counterparts and a person of it, both with unambiguous names, from
# the annual results.
TARGET_SQL = """
WITH people AS (
    SELECT a.*, d.person_name,
           count(*) OVER (PARTITION BY a.org_unit_id, d.person_name) AS same_name
    FROM fct_annual_result a JOIN dim_person d ON d.person_id = a.appraisee_id
    WHERE a.appraisee_type = 'person'
),
units AS (
    SELECT o.*, count(*) OVER (PARTITION BY procuratorate_id, org_unit_name) AS same_name,
           count(*) OVER (PARTITION BY dept_key) AS counterparts
    FROM dim_org_unit o
)
SELECT p.period_id, u.procuratorate_id, u.org_unit_name, p.person_name
FROM people p JOIN units u ON u.org_unit_id = p.org_unit_id
WHERE p.same_name = 1 AND u.same_name = 1 AND u.counterparts > 1
ORDER BY u.procuratorate_level = 'city' DESC, p.total DESC, p.person_name
LIMIT 1
"""


def test_year_department_comparison_person_export(
    dashboard_url: str,  # noqa: F811 - the fixture imported above
    browser_snapshot: Path,
    tmp_path: Path,
):
    from playwright.sync_api import expect

    with duckdb.connect(str(browser_snapshot), read_only=True) as con:
        target = con.execute(TARGET_SQL).fetchone()
    assert target is not None, "the snapshot has no annual results"
    year, procuratorate, department, person = target
    zh = MESSAGES["zh"]
    year_label = zh["lead.period.year"].format(year=year)
    with chromium() as browser:
        context = browser.new_context(
            viewport={"width": 1400, "height": 1600}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(UI_TIMEOUT_MS)
        sign_in_at(page, f"{dashboard_url}/?procuratorate={procuratorate}", "admin", PASSWORD)

        page.get_by_role("combobox", name=zh["lead.filter.period"]).click()
        page.get_by_role("option", name=year_label, exact=True).click()
        # The changes table: its own column header (a data-quality message may say 项目 too).
        changes = page.get_by_test_id("stTable").filter(has_text=zh["lead.col.vs_previous"])
        expect(changes).to_contain_text(year_label)
        assert f"period={year}" in page.url

        page.get_by_role("link", name=department, exact=True).click()
        expect(page.get_by_role("heading", name=department)).to_be_visible()
        comparison = zh["lead.counterparts.title"]
        expect(page.get_by_role("heading", name=comparison)).to_be_visible()
        this = zh["lead.counterparts.this"].split("{")[-1].split("}")[-1]  # "（本部门）"
        expect(page.get_by_test_id("stTable").filter(has_text=this)).to_be_visible()

        page.get_by_role("link", name=person, exact=True).click()
        expect(page.get_by_role("heading", name=person)).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("button", name=zh["lead.export.excel"]).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
    sheet = load_workbook(BytesIO(saved.read_bytes())).active
    assert sheet["A1"].value == zh["lead.form.title_year"]
    assert sheet["B3"].value == person

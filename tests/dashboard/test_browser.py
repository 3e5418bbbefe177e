"""Drive the real dashboard in Debian's chromium: overview -> department -> person -> evidence.

What to click is read from the snapshot itself (a person and an indicator that has
evidence), so the test works on the lead's real demo build as well as on the synthetic one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dashboards.i18n import MESSAGES
from kpi_warehouse.dashboard_server import (
    REPO_ROOT,  # noqa: F401 - other tests import it here
    chromium,
    serve,
)
from tests.dashboard.browser_signin import sign_in_at
from tests.dashboard.signin_helpers import PASSWORD

pytestmark = pytest.mark.browser

UI_TIMEOUT_MS = 30_000

# One person-indicator pair with evidence, whose labels are unambiguous where they are
# clicked: the department name within its procuratorate, the person's name within the
# department, the indicator's name within the person's breakdown.
TARGET_SQL = """
WITH newest AS (
    SELECT p.period_id FROM dim_period p
    WHERE p.period_type = 'quarter'
      AND EXISTS (SELECT 1 FROM fct_appraisal a WHERE a.period_id = p.period_id)
    ORDER BY p.start_date DESC LIMIT 1
),
people AS (
    SELECT a.*, d.person_name,
           count(*) OVER (PARTITION BY a.org_unit_id, d.person_name) AS same_name
    FROM fct_appraisal a
    JOIN newest USING (period_id)
    JOIN dim_person d ON d.person_id = a.appraisee_id
    WHERE a.appraisee_type = 'person'
),
units AS (
    SELECT o.*, count(*) OVER (PARTITION BY procuratorate_id, org_unit_name) AS same_name
    FROM dim_org_unit o
),
scores AS (
    SELECT s.*, count(*) OVER (
               PARTITION BY s.appraisee_id, s.period_id, s.indicator_name) AS same_name,
           (SELECT count(*) FROM fct_evidence e
             WHERE e.indicator_score_id = s.indicator_score_id) AS evidence_rows
    FROM fct_indicator_score s
    WHERE s.appraisee_type = 'person'
)
SELECT CAST(p.period_id AS VARCHAR), CAST(u.procuratorate_id AS VARCHAR), u.org_unit_name,
       p.person_name, p.total, s.indicator_name, s.evidence_rows
FROM people p
JOIN units u ON u.org_unit_id = p.org_unit_id
JOIN scores s ON s.appraisee_id = p.appraisee_id AND s.period_id = p.period_id
             AND s.spec_id = p.spec_id AND s.spec_version = p.spec_version
WHERE p.same_name = 1 AND u.same_name = 1 AND s.same_name = 1 AND s.evidence_rows > 0
ORDER BY s.evidence_rows DESC, p.total DESC, p.person_name, s.indicator_name
LIMIT 1
"""


@dataclass(frozen=True)
class Target:
    period_id: str
    procuratorate_id: str
    department: str
    person: str
    total: float
    indicator: str
    evidence_rows: int


def find_target(snapshot: Path) -> Target:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        row = con.execute(TARGET_SQL).fetchone()
    assert row is not None, "the snapshot has no person indicator with evidence"
    return Target(*row)


@pytest.fixture
def dashboard_url(
    browser_snapshot: Path, tmp_path: Path, dashboard_store_url: str
) -> Iterator[str]:
    """A streamlit server for dashboards/app.py on a free port; stopped afterwards. Its
    store holds the test accounts (tests/dashboard/signin_helpers.py)."""
    env = {**os.environ, "KPI_SNAPSHOT": str(browser_snapshot), "KPI_APP_URL": dashboard_store_url}
    with serve(env, tmp_path / "streamlit.log") as base:
        yield base


def fmt_total(total: float) -> str:
    return f"{total:.2f}".rstrip("0").rstrip(".")


def test_drill_down_to_evidence(dashboard_url: str, browser_snapshot: Path, tmp_path: Path):
    from playwright.sync_api import expect

    target = find_target(browser_snapshot)
    zh = MESSAGES["zh"]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.set_default_timeout(UI_TIMEOUT_MS)
        query = f"period={target.period_id}&procuratorate={target.procuratorate_id}"
        sign_in_at(page, f"{dashboard_url}/?{query}", "admin", PASSWORD)
        expect(page.get_by_role("heading", name=zh["overview.title"])).to_be_visible()

        page.get_by_role("link", name=target.department, exact=True).click()
        expect(page.get_by_role("heading", name=target.department)).to_be_visible()
        assert "/department?" in page.url

        page.get_by_role("link", name=target.person, exact=True).click()
        expect(page.get_by_role("heading", name=target.person)).to_be_visible()
        total = page.get_by_test_id("stMetric").filter(has_text=zh["person.metric.total"])
        expect(total).to_contain_text(fmt_total(target.total))

        page.get_by_role("link", name=target.indicator, exact=True).click()
        summary = zh["evidence.summary"].format(n=target.evidence_rows)
        expect(page.get_by_role("heading", name=summary)).to_be_visible()
        assert "indicator_score_id=" in page.url
        # The selectors show the drill-down path, not a stale or default choice.
        person_box = page.get_by_role("combobox", name=zh["filter.person"])
        expect(person_box).to_have_value(re.compile(re.escape(target.person)))
        indicator_box = page.get_by_role("combobox", name=zh["filter.indicator"])
        expect(indicator_box).to_have_value(target.indicator)
        records = page.locator("[data-testid='stTable'], [data-testid='stDataFrame']")
        expect(records.first).to_be_visible()
        page.screenshot(path=str(tmp_path / "evidence.png"), full_page=True)

        # The browser's back button returns to the person page.
        page.go_back()
        expect(page.get_by_role("link", name=target.indicator, exact=True)).to_be_visible()
        assert "/person?" in page.url
    assert (tmp_path / "evidence.png").stat().st_size > 0

"""The benchmark's dashboard pages: how long 总览, 部门 and 个人 take to become interactive
in headless Chromium, navigating inside the app as a signed-in user does (goal ≤ 1.5 s).

Against a data folder holding a published snapshot and the product store, this creates
(or resets) one admin account, starts the dashboard as ``kpi serve`` does on a free port,
signs in once, then clicks the sidebar's page links round 总览 → 部门 → 个人 → 总览 …
and times each page from the click until it is interactive (see ``INTERACTIVE_JS``).

Usage: python -m kpi_warehouse.bench_page DATA_DIR [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb

from kpi_warehouse.config import REPO_ROOT
from kpi_warehouse.dashboard_server import chromium, log_tail, serve
from kpi_warehouse.store import accounts
from kpi_warehouse.store.audit import Actor

PAGE_TIMEOUT_MS = 120_000  # a cold page of a province-sized snapshot on a busy machine
BENCH_USER = "bench_pages"
BENCH_ROLE = "admin"  # sees every procuratorate, like the demo's ``admin``
LOG_NAME = "bench-page-streamlit.log"

# The newest quarter with results, its department with the most appraised people, and
# that department's first-ranked person (the page's links use these ids).
TARGET_SQL = """
WITH newest AS (
    SELECT p.period_id FROM dim_period p
    WHERE p.period_type = 'quarter'
      AND EXISTS (SELECT 1 FROM fct_appraisal a WHERE a.period_id = p.period_id)
    ORDER BY p.start_date DESC LIMIT 1
),
people AS (
    SELECT a.* FROM fct_appraisal a JOIN newest USING (period_id)
    WHERE a.appraisee_type = 'person'
),
biggest AS (
    SELECT org_unit_id, count(*) AS appraised FROM people
    GROUP BY org_unit_id ORDER BY appraised DESC, org_unit_id LIMIT 1
)
SELECT CAST(p.period_id AS VARCHAR), CAST(p.org_unit_id AS VARCHAR), o.org_unit_name,
       b.appraised, CAST(p.appraisee_id AS VARCHAR), d.person_name
FROM people p
JOIN biggest b USING (org_unit_id)
JOIN dim_org_unit o USING (org_unit_id)
JOIN dim_person d ON d.person_id = p.appraisee_id
ORDER BY p.rank_in_category NULLS LAST, p.total DESC, p.appraisee_id
LIMIT 1
"""

# True (as the time, performance.now()) once the page is interactive: Streamlit has
# finished the run (stApp's data-test-script-state, which Streamlit's own end-to-end tests
# wait on, is "notRunning"), no element of an earlier run is left (data-stale), the URL is
# the page's, and this page's own heading and main data element are on screen. The heading
# and data element tell this run from the page left behind; the run state tells a finished
# page from one still streaming its elements. stStatusWidget (the "Running..." man) is only
# a fallback should a later Streamlit drop the attribute: it appears once a run has taken
# 500 ms and fades out over another 200 ms, so it misses short runs and ends late.
INTERACTIVE_JS = """
({paths, heading, data, dataText}) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    const state = app.getAttribute('data-test-script-state');  // absent: fall back
    const busy = document.querySelector('[data-testid="stStatusWidget"]');
    if (state === null ? busy : state !== 'notRunning') return false;
    if (!paths.includes(location.pathname.split('/').pop())) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    const shown = (el) => el.getClientRects().length > 0 && !el.closest('[data-stale="true"]');
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return false;
    const titled = [...main.querySelectorAll('h1')]
        .some((el) => shown(el) && el.textContent.trim() === heading);
    if (!titled) return false;
    const filled = [...main.querySelectorAll(data)]
        .some((el) => shown(el) && (!dataText || el.textContent.includes(dataText)));
    return filled ? performance.now() : false;
}
"""

# Remembers when the user clicked (capture phase: before Streamlit handles the click).
CLICK_CLOCK_JS = """
() => {
    window.__benchClickAt = null;
    if (!window.__benchClockInstalled) {
        document.addEventListener('click', () => {
            if (window.__benchClickAt === null) window.__benchClickAt = performance.now();
        }, true);
        window.__benchClockInstalled = true;
    }
}
"""


@dataclass(frozen=True)
class Target:
    period_id: str
    org_unit_id: str
    org_unit_name: str
    appraised: int
    person_id: str
    person_name: str


@dataclass(frozen=True)
class PageCheck:
    """One page to time: its sidebar link and what shows it is interactive."""

    label: str
    path: str  # st.navigation url path; "" for the default page (总览)
    heading: str  # the page's st.title
    data: str  # CSS selector of the page's main data element, within stMain
    data_text: str = ""  # text that element must contain


def find_target(snapshot: Path) -> Target:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        row = con.execute(TARGET_SQL).fetchone()
    if row is None:
        raise RuntimeError(f"{snapshot}: no appraised person in any quarter")
    return Target(*row)


def ensure_account(app_url: str) -> tuple[str, str]:
    """(username, password) of an admin account for the benchmark: created on the first
    run, given a fresh password (and unlocked, enabled) on later runs."""
    password = secrets.token_urlsafe(18)
    actor = Actor("bench")
    try:
        accounts.find(BENCH_USER, url=app_url)
    except accounts.AccountError:
        accounts.add(actor, BENCH_USER, [BENCH_ROLE], password, url=app_url)
    else:
        accounts.set_roles(actor, BENCH_USER, [BENCH_ROLE], url=app_url)
        accounts.set_password(actor, BENCH_USER, password, url=app_url)
        accounts.set_disabled(actor, BENCH_USER, False, url=app_url)
        accounts.unlock(actor, BENCH_USER, url=app_url)
    return BENCH_USER, password


def _messages() -> dict[str, str]:
    """The dashboard's default-language texts (dashboards/ lives beside the package)."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from dashboards.i18n import DEFAULT_LANGUAGE, MESSAGES

    return MESSAGES[DEFAULT_LANGUAGE]


def _sign_in(page: Any, url: str, username: str, password: str, text: Mapping[str, str]) -> None:
    """Open ``url``, sign in on the form that appears, wait until the app shows the account."""
    from playwright.sync_api import expect

    page.goto(url)
    wait = PAGE_TIMEOUT_MS
    expect(page.get_by_role("heading", name=text["auth.title"])).to_be_visible(timeout=wait)
    page.get_by_label(text["auth.username"]).fill(username)
    page.get_by_label(text["auth.password"]).fill(password)
    page.get_by_role("button", name=text["auth.submit"]).click()
    caption = text["auth.account"].split("{")[0]  # "当前用户："
    signed_in = page.get_by_test_id("stSidebar").get_by_text(caption, exact=False)
    expect(signed_in).to_be_visible(timeout=wait)


def _wait_interactive(page: Any, check: PageCheck, log: Path) -> float:
    """performance.now() (ms) in the page when ``check``'s page became interactive."""
    from playwright.sync_api import Error as PlaywrightError

    paths = [check.path] if check.path else ["", "overview"]
    arg = {"paths": paths, "heading": check.heading, "data": check.data,
           "dataText": check.data_text}  # fmt: skip
    try:
        handle = page.wait_for_function(
            INTERACTIVE_JS, arg=arg, polling="raf", timeout=PAGE_TIMEOUT_MS
        )
    except PlaywrightError as exc:
        raise RuntimeError(
            f"{check.label} did not become interactive within {PAGE_TIMEOUT_MS / 1000:.0f} s"
            f" (at {page.url}); server log tail ({log}):\n{log_tail(log)}"
        ) from exc
    return float(handle.json_value())


def _open(page: Any, check: PageCheck, log: Path) -> float:
    """Click the sidebar link to ``check``'s page; seconds until it is interactive."""
    # The menu's hrefs are relative: "department?period=…", "?period=…" for the default.
    sidebar = '[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]'
    link = page.locator(f'{sidebar}[href^="{check.path}?"], {sidebar}[href="{check.path}"]')
    link = link.first
    page.evaluate(CLICK_CLOCK_JS)
    link.click()
    done = _wait_interactive(page, check, log)
    clicked = page.evaluate("() => window.__benchClickAt")
    if clicked is None:
        raise RuntimeError(f"the click on the {check.label} link was not seen by the page")
    return (done - float(clicked)) / 1000


def page_checks(target: Target, text: Mapping[str, str]) -> list[PageCheck]:
    main_links = 'a[data-testid="stPageLink-NavLink"][href^="person?"]'  # ranked names
    return [
        PageCheck("总览 overview", "", text["overview.title"],
                  '[data-testid="stMetric"]', text["overview.metric.appraisees"]),
        PageCheck(f"部门 department, {target.appraised} staff", "department",
                  target.org_unit_name, main_links),
        PageCheck("个人 person", "person", target.person_name,
                  '[data-testid="stMetric"]', text["person.metric.total"]),
    ]  # fmt: skip


def measure_pages(data_dir: Path, repeats: int = 5) -> dict[str, list[float]]:
    """Seconds to interactive of each page, ``repeats`` visits each, in visiting order
    (the first visit of a page finds the server's query caches cold)."""
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    data_dir = data_dir.resolve()
    snapshot = data_dir / "warehouse" / "published.duckdb"
    store = data_dir / "sources" / "app.sqlite"
    for needed in (snapshot, store):
        if not needed.is_file():
            raise FileNotFoundError(f"{needed} is missing: build and publish a snapshot first")
    app_url = f"sqlite:///{store}"
    target = find_target(snapshot)
    username, password = ensure_account(app_url)
    text = _messages()
    checks = page_checks(target, text)
    env = {
        **os.environ,
        "KPI_DATA_DIR": str(data_dir),
        "KPI_SNAPSHOT": str(snapshot),
        "KPI_APP_URL": app_url,
        "DO_NOT_TRACK": "1",
    }
    log = data_dir / LOG_NAME
    times: dict[str, list[float]] = {check.label: [] for check in checks}
    with serve(env, log) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        # Sign in on the person page so that the sidebar links carry period, department
        # and person; a password session lives in this tab only, so no reload after this.
        query = urlencode(
            {"period": target.period_id, "org_unit": target.org_unit_id,
             "person": target.person_id}
        )  # fmt: skip
        _sign_in(page, f"{base}/person?{query}", username, password, text)
        _wait_interactive(page, checks[-1], log)  # the page signed in on, not timed
        for _ in range(repeats):
            for check in checks:
                times[check.label].append(_open(page, check, log))
    return times


def time_pages(data_dir: Path, repeats: int = 5) -> list[tuple[str, float]]:
    """(label, median seconds to interactive) for 总览, the largest department's 部门 page
    and a person's 个人 page, on the published snapshot and store of ``data_dir``."""
    return [
        (f"page interactive in Chromium: {label} (median of {len(samples)})",
         statistics.median(samples))
        for label, samples in measure_pages(data_dir, repeats).items()
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path, help="a KPI_DATA_DIR with a published snapshot")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for label, samples in measure_pages(args.data_dir, args.repeats).items():
        runs = " ".join(f"{s:.3f}" for s in samples)
        print(f"{label:<40} median {statistics.median(samples):6.3f} s   runs: {runs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

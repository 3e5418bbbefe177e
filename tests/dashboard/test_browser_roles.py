"""Every role of the demo, in Chromium: sign in with the account `kpi demo` made, see the
menu the role gets, and open hand-crafted links to another person and another department
— shown when within the role's scope, "无权查看 / not permitted" (and no data) otherwise.

People and departments are read from the demo build itself; what each role may see is the
table of issue 9, written out per role below.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from browser_server import chromium, serve
from test_browser import (
    UI_TIMEOUT_MS,
)

from dashboards.i18n import MESSAGES
from kpi_warehouse.demo.accounts import DEMO_PASSWORD
from kpi_warehouse.store import accounts, audit
from tests.conftest import DemoBuild
from tests.dashboard.browser_signin import sign_in_at

pytestmark = pytest.mark.browser
ZH = MESSAGES["zh"]
REFUSED = ZH["access.not_permitted"]


@dataclass(frozen=True)
class Expect:
    """What one demo account gets: menu entries, then a person of ``person_unit`` and the
    department ``department`` opened by hand-made links (True = shown)."""

    sql: bool
    audit_log: bool
    person_unit: str
    person_shown: bool
    department: str
    department_shown: bool


ROLES: dict[str, Expect] = {
    "admin": Expect(True, True, "PRC-D3-gongsu", True, "PRC-D4-gongsu", True),
    # the city leader: the city and the districts below it
    "leader": Expect(False, False, "PRC-D2-gongsu", True, "PRC-D4-gongsu", True),
    # head of the city's 公诉处: it and the districts' 公诉科, nothing else
    "dept_head": Expect(False, False, "PRC-D1-gongsu", True, "PRC-CITY-office", False),
    # liaison of the city's 公诉处: that department only
    "liaison": Expect(False, False, "PRC-D1-gongsu", False, "PRC-D2-gongsu", False),
    # the city's appraisal office: the city procuratorate, not the districts
    "appraisal_office": Expect(False, False, "PRC-CITY-gongsu", True, "PRC-D1-gongsu", False),
    "analyst": Expect(True, False, "PRC-D3-gongsu", True, "PRC-D2-gongsu", True),
    # own results only
    "registry_owner": Expect(False, False, "PRC-CITY-gongsu", False, "PRC-CITY-gongsu", False),
    "clerk": Expect(False, False, "PRC-CITY-office", False, "PRC-CITY-office", False),
    "reviewer": Expect(False, False, "PRC-CITY-office", False, "PRC-CITY-office", False),
    # own scorecard; a colleague's scorecard no; the own department's totals yes
    "staff": Expect(False, False, "PRC-CITY-gongsu", False, "PRC-CITY-office", False),
}
SELF_ONLY = ("registry_owner", "clerk", "reviewer", "staff")


@pytest.fixture(scope="module")
def server(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the demo build, started as documented (no --server.address:
    .streamlit/config.toml keeps it on 127.0.0.1)."""
    with serve(demo_build.env, tmp_path_factory.mktemp("roles") / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def store_url(demo: DemoBuild) -> str:
    return f"sqlite:///{demo.sources / 'app.sqlite'}"


@dataclass(frozen=True)
class Demo:
    period: str
    names: dict[str, str]  # person_id -> name
    units: dict[str, str]  # org_unit_id -> name
    appraised: dict[str, list[str]]  # org_unit_id -> people appraised in the period


def read_demo(snapshot: Path) -> Demo:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        period = con.execute(
            "SELECT p.period_id FROM dim_period p WHERE p.period_type = 'quarter' AND EXISTS "
            "(SELECT 1 FROM fct_appraisal a WHERE a.period_id = p.period_id) "
            "ORDER BY p.start_date DESC LIMIT 1"
        ).fetchone()[0]
        names = dict(con.execute("SELECT person_id, person_name FROM dim_person").fetchall())
        units = dict(con.execute("SELECT org_unit_id, org_unit_name FROM dim_org_unit").fetchall())
        rows = con.execute(
            "SELECT org_unit_id, appraisee_id FROM fct_appraisal WHERE appraisee_type = 'person' "
            "AND period_id = ? ORDER BY appraisee_id",
            [period],
        ).fetchall()
    appraised: dict[str, list[str]] = {}
    for unit, person in rows:
        appraised.setdefault(unit, []).append(person)
    return Demo(period, names, units, appraised)


def assert_refused(page, *absent: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text(REFUSED)).to_be_visible()
    assert page.get_by_test_id("stMetric").count() == 0
    main = page.get_by_test_id("stMain").inner_text()
    for text in absent:
        assert text not in main


def menu(page) -> list[str]:
    """The sidebar menu's entries (drawn once the page has run)."""
    from playwright.sync_api import expect

    links = page.get_by_test_id("stSidebar").get_by_role("link")
    expect(links.filter(has_text=ZH["nav.overview"])).to_be_visible()
    return [text.split("\n")[-1].strip() for text in links.all_inner_texts()]  # no icon


@pytest.mark.parametrize("role", list(ROLES))
def test_role_in_the_browser(role: str, server: str, browser, demo_build: DemoBuild,
                             tmp_path: Path):  # fmt: skip
    from playwright.sync_api import expect

    want = ROLES[role]
    demo = read_demo(demo_build.snapshot)
    account = accounts.find(role, url=store_url(demo_build))
    assert account.roles == (role,)
    own = account.person_id
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    try:
        # 1. Sign in. Roles bound to a person land on their own scorecard.
        if role in SELF_ONLY:
            sign_in_at(page, f"{server}/person?period={demo.period}", role, DEMO_PASSWORD)
            expect(page.get_by_role("heading", name=demo.names[own])).to_be_visible()
            expect(page.get_by_test_id("stMetric").first).to_be_visible()
        else:
            sign_in_at(page, f"{server}/?period={demo.period}", role, DEMO_PASSWORD)
            expect(page.get_by_role("heading", name=ZH["overview.title"])).to_be_visible()
        entries = menu(page)
        assert (ZH["nav.sql"] in entries) is want.sql
        assert (ZH["nav.audit"] in entries) is want.audit_log

        # 2. A hand-crafted link to another person.
        other = next(p for p in demo.appraised[want.person_unit] if p != own)
        url = f"{server}/person?period={demo.period}&person={other}"
        sign_in_at(page, url, role, DEMO_PASSWORD)
        if want.person_shown:
            expect(page.get_by_role("heading", name=demo.names[other])).to_be_visible()
            expect(page.get_by_text(REFUSED)).to_have_count(0)
        else:
            assert_refused(page, demo.names[other])

        # 3. A hand-crafted link to another department.
        url = f"{server}/department?period={demo.period}&org_unit={want.department}"
        sign_in_at(page, url, role, DEMO_PASSWORD)
        if want.department_shown:
            heading = demo.units[want.department]
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        else:
            assert_refused(page, *(demo.names[p] for p in demo.appraised.get(want.department, [])))

        extra = EXTRA.get(role)
        if extra:
            extra(page, server, demo, account, demo_build, tmp_path)
        page.screenshot(path=str(tmp_path / f"{role}.png"), full_page=True)
    finally:
        context.close()


def _staff(page, server, demo: Demo, account, demo_build, tmp_path) -> None:
    """Staff: their department's published ranking, with only their own name a link."""
    from playwright.sync_api import expect

    unit = "PRC-CITY-gongsu"
    url = f"{server}/department?period={demo.period}&org_unit={unit}"
    sign_in_at(page, url, "staff", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=ZH["department.ranking"])).to_be_visible()
    main = page.get_by_test_id("stMain")
    for person in demo.appraised[unit]:
        # .first: while Streamlit re-runs the page, the last run's cells stay in the page
        # (marked stale) beside the new ones for a moment.
        expect(main.get_by_text(demo.names[person], exact=True).first).to_be_visible()
        links = main.get_by_role("link", name=demo.names[person], exact=True)
        expect(links).to_have_count(1 if person == account.person_id else 0)

    # The evidence behind a score (fct_evidence_record): their own yes, a colleague's no.
    colleague = next(p for p in demo.appraised[unit] if p != account.person_id)
    own, other = (
        _score_with_records(demo_build.snapshot, demo.period, p)
        for p in (account.person_id, colleague)
    )
    sign_in_at(page, f"{server}/evidence?indicator_score_id={own[0]}", "staff", DEMO_PASSWORD)
    title = ZH["evidence.title"].format(indicator=own[1])
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text(REFUSED)).to_have_count(0)
    sign_in_at(page, f"{server}/evidence?indicator_score_id={other[0]}", "staff", DEMO_PASSWORD)
    assert_refused(page, ZH["evidence.title"].format(indicator=other[1]))


def _score_with_records(snapshot: Path, period: str, person: str) -> tuple[str, str]:
    """(indicator_score_id, indicator_name) of one of ``person``'s scores with records."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(
            "SELECT s.indicator_score_id, s.indicator_name FROM fct_indicator_score s "
            "WHERE s.period_id = ? AND s.appraisee_type = 'person' AND s.appraisee_id = ? "
            "AND EXISTS (SELECT 1 FROM fct_evidence_record e "
            "WHERE e.indicator_score_id = s.indicator_score_id) ORDER BY 1 LIMIT 1",
            [period, person],
        ).fetchone()


def _leader(page, server, demo: Demo, account, demo_build, tmp_path) -> None:
    """A leader typing the SQL console's address is refused."""
    sign_in_at(page, f"{server}/sql", "leader", DEMO_PASSWORD)
    assert_refused(page)
    assert page.get_by_role("textbox", name=ZH["sql.input"]).count() == 0


def _analyst(page, server, demo: Demo, account, demo_build, tmp_path) -> None:
    """The analyst's console: scoped results, raw ratings refused, the CSV export logged."""
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebar").get_by_role("link", name=ZH["nav.sql"]).click()
    box = page.get_by_role("textbox", name=ZH["sql.input"])
    box.fill("SELECT rater_id FROM raw.app__ratings")
    page.get_by_role("button", name=ZH["sql.run"]).click()
    expect(page.get_by_text("已拒绝：只能查询下列本账户可见的数据表")).to_be_visible()
    box.fill("SELECT count(DISTINCT appraisee_id) AS n FROM fct_appraisal")
    page.get_by_role("button", name=ZH["sql.run"]).click()
    expect(page.get_by_text(ZH["sql.rows"].format(n=1))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name=ZH["sql.download"]).click()
    assert download.value.suggested_filename == "query.csv"
    url = store_url(demo_build)
    deadline = time.monotonic() + 10
    while not audit.events(user="analyst", action="export", url=url):
        assert time.monotonic() < deadline, "the export was not logged"
        time.sleep(0.3)
    sql = audit.events(user="analyst", action="sql", url=url)
    assert [e.outcome for e in sql[:2]] == ["ok", "refused"]


def _admin(page, server, demo: Demo, account, demo_build, tmp_path) -> None:
    """The admin's audit page lists the admin's own sign-in (filtered by account: the whole
    log of a fresh demo is a long scrollable grid)."""
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebar").get_by_role("link", name=ZH["nav.audit"]).click()
    expect(page.get_by_role("heading", name=ZH["audit.title"])).to_be_visible()
    user = page.get_by_label(ZH["audit.user"])
    user.fill("admin")
    user.press("Enter")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("sign_in", exact=True).first).to_be_visible()


EXTRA = {"staff": _staff, "leader": _leader, "analyst": _analyst, "admin": _admin}


def test_server_listens_on_loopback_only(server: str) -> None:
    """Started without --server.address, the dashboard binds 127.0.0.1 (config.toml)."""
    port = int(server.rsplit(":", 1)[1])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                listening.append(address)
    assert listening == ["0100007F"], listening  # 127.0.0.1 and nothing else

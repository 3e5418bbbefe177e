"""The unit appraisal cycle in Chromium, on a copy of the demo build: 玄武区院第一检察部's
liaison submits its self-assessment, the city's 第一检察部 scores it, the city's appraisal
office is refused publishing while an item awaits review, accepts it and publishes; the
district liaison then sees its own detail and only the other departments' totals and
ranks. A staff account does not get the page at all.

Before the server starts, the demo's in-progress cycle (2026Q4) is brought to "every other
item accepted" with chosen scores, so the totals and ranks below are worked out by hand:
each of the six indicators of ``gongsu-units`` (maxima 20, 15, 20, 15, 15, 15 = 100) is
scored its maximum less 1 for PRC-D2 (94), less 2 for PRC-D3 (88) and less 3 for PRC-D4
(82); PRC-D1 is scored 18 + 13 + 20 + 14 + 12 + 11 = 88 in the browser. Ranking: PRC-D2
first; PRC-D1 and PRC-D3 share second; PRC-D4 fourth.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from browser_server import chromium, serve

from dashboards.i18n import MESSAGES
from kpi_warehouse.demo.accounts import DEMO_PASSWORD
from tests.conftest import DemoBuild, demo_env
from tests.dashboard.browser_signin import sign_in_at

pytestmark = pytest.mark.browser
ZH = MESSAGES["zh"]
CYCLE = "UC-PRC-CITY-2026Q4"
D1_ITEM = f"{CYCLE}-gongsu-units-PRC-D1-gongsu"
LESS = {"PRC-D2": 1, "PRC-D3": 2, "PRC-D4": 3}  # points below the maximum, per indicator
BROWSER_SCORES = {"审结率": 18, "认罪认罚从宽制度适用率": 13, "超期办案": 20, "案-件比": 14,
                  "信息简报": 12, "表彰奖励": 11}  # fmt: skip
SELF_SCORES = {"审结率": 19, "认罪认罚从宽制度适用率": 14, "超期办案": 20, "案-件比": 15,
               "信息简报": 13, "表彰奖励": 12}  # fmt: skip


def _every_other_item_accepted(app_db: Path) -> None:
    """Arrange the in-progress cycle: all items but PRC-D1's 第一检察部 accepted, with the
    scores of the module docstring (PRC-D1's stays a draft)."""
    engine = sa.create_engine(f"sqlite:///{app_db}")
    with engine.begin() as con:
        for prc, less in LESS.items():
            for spec, dept in (("gongsu-units", "gongsu"), ("zhongxing-units", "zhongxing")):
                item = f"{CYCLE}-{spec}-{prc}-{dept}"
                con.execute(
                    sa.text("UPDATE kpi_unit_cycle_score SET score = max_points - :less, "
                            "self_score = max_points WHERE item_id = :item"),
                    {"less": less, "item": item},
                )  # fmt: skip
                con.execute(
                    sa.text("UPDATE kpi_unit_cycle_item SET status = 'accepted', "
                            "submitted_by = 'setup', submitted_person = 'setup', "
                            "scored_by = 'setup', reviewed_by = 'setup' WHERE item_id = :item"),
                    {"item": item},
                )  # fmt: skip
        con.execute(
            sa.text("UPDATE kpi_unit_cycle_item SET status = 'accepted' WHERE item_id = :item"),
            {"item": f"{CYCLE}-zhongxing-units-PRC-D1-zhongxing"},
        )
    engine.dispose()


@pytest.fixture(scope="module")
def server(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over a copy of the demo build (the test writes to its store)."""
    data_dir = tmp_path_factory.mktemp("unit_cycle") / "data"
    shutil.copytree(demo_build.sources, data_dir / "sources")
    (data_dir / "warehouse").mkdir()
    shutil.copyfile(demo_build.snapshot, data_dir / "warehouse" / "published.duckdb")
    _every_other_item_accepted(data_dir / "sources" / "app.sqlite")
    with serve(demo_env(data_dir), data_dir / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def _open_as(browser, server: str, username: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in_at(page, f"{server}/unit-appraisal", username, DEMO_PASSWORD)
    return page


def _fill(page, label_of: str, values: dict[str, int], form: str) -> None:  # type: ignore[no-untyped-def]
    scope = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name=form))
    for name, value in values.items():
        label = scope.get_by_label(label_of.format(name=name), exact=False)
        label.fill(str(value))
        label.press("Tab")


def test_the_cycle_from_self_assessment_to_published_results(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    # 1. The district liaison submits its self-assessment.
    page = _open_as(browser, server, "d1_liaison")
    expect(page.get_by_role("heading", name=ZH["uc.submit.header"])).to_be_visible()
    expect(page.get_by_role("heading", name=ZH["uc.score.header"])).to_have_count(0)
    _fill(page, "{name}（满分", SELF_SCORES, ZH["uc.submit.button"])
    page.get_by_role("button", name=ZH["uc.submit.button"]).click()
    expect(page.get_by_text(ZH["uc.submit.done"])).to_be_visible()
    page.close()

    # 2. The city's 第一检察部 (its head) scores it.
    page = _open_as(browser, server, "dept_head")
    expect(page.get_by_role("heading", name=ZH["uc.score.header"])).to_be_visible()
    _fill(page, "{name}：自评", BROWSER_SCORES, ZH["uc.score.button"])
    page.get_by_role("button", name=ZH["uc.score.button"]).click()
    expect(page.get_by_text(ZH["uc.score.done"])).to_be_visible()
    expect(page.get_by_role("button", name=ZH["uc.publish.button"])).to_have_count(0)
    page.close()

    # 3. The appraisal office: publishing is refused while the item awaits review; it
    #    accepts the item, then publishes.
    page = _open_as(browser, server, "appraisal_office")
    expect(page.get_by_text(ZH["uc.publish.counts"].format(accepted=7, total=8))).to_be_visible()
    page.get_by_role("button", name=ZH["uc.publish.button"]).click()
    expect(page.get_by_text("1 item(s) not accepted yet", exact=False)).to_be_visible()
    page.get_by_role("button", name=ZH["uc.review.accept"]).click()
    expect(page.get_by_text(ZH["uc.review.done_accept"])).to_be_visible()
    page.get_by_role("button", name=ZH["uc.publish.button"]).click()
    expect(page.get_by_text(ZH["uc.publish.done"])).to_be_visible()
    page.close()

    # 4. The district liaison sees its own detail and only the others' totals and ranks.
    page = _open_as(browser, server, "d1_liaison")
    expect(page.get_by_role("heading", name=ZH["uc.results.header"])).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.locator("tr").filter(has_text="PRC-D4-gongsu")).to_have_count(1)
    cells = "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
    rows = main.locator("tr").evaluate_all(cells)
    for rank, unit, total in (
        ("1", "PRC-D2-gongsu", "94"),
        ("2", "玄武区人民检察院 第一检察部", "88"),  # its own: by name (the scope layer knows it)
        ("2", "PRC-D3-gongsu", "88"),
        ("4", "PRC-D4-gongsu", "82"),
    ):
        assert any(
            len(row) == 3 and row[0] == rank and unit in row[1] and row[2] == total for row in rows
        ), (rank, unit, total, rows)
    expanders = main.get_by_test_id("stExpander")
    expect(expanders).to_have_count(1)
    expect(expanders.first).to_contain_text(ZH["uc.results.rank"].format(rank=2, units=4))
    own = expanders.first.inner_text()
    assert "18" in own and "13" in own and "19" in own  # its scores and self-assessment
    assert "zhongxing" not in main.inner_text()  # another spec's departments: nothing
    page.close()


def test_a_staff_account_is_refused_the_page(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page = _open_as(browser, server, "staff")
    expect(page.get_by_text(ZH["access.not_permitted"])).to_be_visible()
    expect(page.get_by_role("heading", name=ZH["uc.title"])).to_have_count(0)
    page.close()

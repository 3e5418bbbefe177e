"""The specs workbench in Chromium, over the demo build: the liaison opens the department's
spec, types a slip and sees it located (line, field, did you mean), fixes it, previews
the draft against the latest build, saves and submits it; the liaison gets no approval
button; staff are refused the page; the appraisal office approves, and the spec file in
the (temporary copy of the) specs folder changes; `kpi build` scores with it, and the
person page names the new version.

The server and the build run on copies of the specs folder (``KPI_SPECS_DIR``) and of the
demo's data folder (sources, store and snapshot: ``KPI_DATA_DIR``, ``KPI_APP_URL``), so the
session's demo build stays as it was.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from browser_server import chromium, serve
from test_browser import (
    REPO_ROOT,
    UI_TIMEOUT_MS,
)

from dashboards.i18n import MESSAGES
from kpi_warehouse.demo.accounts import DEMO_PASSWORD
from tests.conftest import DemoBuild, demo_env, kpi
from tests.dashboard.browser_signin import sign_in_at

pytestmark = pytest.mark.browser
ZH = MESSAGES["zh"]
GONGSU = "demo/gongsu-2026.yaml"
NEW_VERSION = "demo/gongsu-staff-2026.2.yaml"  # beside the file it was opened from
CATEGORIES = "categories: [科级干部, 中层干部, 一般工作人员]"
EDITOR = "iframe[title='code_editor.code_editor'] >> visible=true"  # not a stale one


@dataclass(frozen=True)
class Served:
    url: str
    specs: Path
    env: dict[str, str]  # what the server runs with: `kpi build` uses the same

    @property
    def snapshot(self) -> Path:
        return Path(self.env["KPI_DATA_DIR"]) / "warehouse" / "published.duckdb"


@pytest.fixture(scope="module")
def served(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The dashboard over a copy of the demo build, with its own specs folder and store."""
    work = tmp_path_factory.mktemp("workbench")
    specs = work / "kpi_specs"
    shutil.copytree(REPO_ROOT / "kpi_specs", specs)
    data = work / "data"
    shutil.copytree(demo_build.data_dir, data, ignore=shutil.ignore_patterns("dbt_target"))
    env = demo_env(data) | {
        "KPI_SPECS_DIR": str(specs),
        "KPI_APP_URL": f"sqlite:///{data / 'sources' / 'app.sqlite'}",
    }
    with serve(env, work / "streamlit.log") as base:
        yield Served(base, specs, env)


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def open_as(browser, served: Served, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, locale="zh-CN")
    page = context.new_page()
    sign_in_at(page, f"{served.url}/specs", username, DEMO_PASSWORD)
    return context, page


def replace_text(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select everything in the Ace editor and type ``text`` over it. The editor's frame
    may still be settling after a rerun (it resizes itself), so a focus that did not land
    is tried again; Ace's own value (it draws only the lines in view) tells."""
    editor = page.frame_locator(EDITOR)
    for _ in range(3):
        editor.locator("textarea.ace_text-input").focus()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(text)
        for _ in range(20):
            value = editor.locator(".ace_editor").evaluate("e => e.env.editor.getValue()")
            if value == text:
                return
            time.sleep(0.25)
    raise AssertionError("the editor did not take the text")


def test_liaison_drafts_the_office_approves_and_the_file_changes(browser, served: Served):
    from playwright.sync_api import expect

    expect.set_options(timeout=UI_TIMEOUT_MS)
    original = (served.specs / GONGSU).read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(original.splitlines(), 1) if t.startswith("categories:"))
    typo = original.replace(CATEGORIES, "categories: [科级干部, 中层干部, 一般工作人元]")
    # The fix is a new version from 2026Q4 on (the version in force ends the day before).
    fixed = (
        original.replace("{grade: 良好, min: 75}", "{grade: 良好, min: 70}")
        .replace('version: "2026.1"', 'version: "2026.2"')
        .replace("effective_from: 2026-01-01", "effective_from: 2026-10-01")
    )
    assert typo != original and fixed != original

    # The liaison: open the department's spec, slip, see it located, fix, preview, submit.
    context, page = open_as(browser, served, "liaison")
    expect(page.get_by_role("heading", name=ZH["wb.title"])).to_be_visible()
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=GONGSU).click()
    expect(page.frame_locator(EDITOR).locator(".ace_content")).to_contain_text("gongsu-staff")
    problems = page.locator(".st-key-wb-problems")
    expect(problems).to_contain_text(ZH["wb.check.ok"])

    replace_text(page, typo)
    where = ZH["wb.check.where"].format(line=line, field="categories.2")
    expect(problems).to_contain_text(where)
    expect(problems).to_contain_text("是不是“一般工作人员”")

    replace_text(page, fixed)
    expect(problems).to_contain_text(ZH["wb.check.ok"])
    page.get_by_role("button", name=ZH["wb.preview"]).click()
    preview = page.locator(".st-key-wb-preview")
    expect(preview).to_contain_text("grades.良好.min")
    expect(page.get_by_text(ZH["wb.preview.title"].format(period="2026Q4"))).to_be_visible()

    page.get_by_role("button", name=ZH["wb.save"]).click()
    expect(page.get_by_text(re.compile(r"已保存草稿 #\d+"))).to_be_visible()
    page.get_by_role("button", name=ZH["wb.submit"]).click()
    submitted = page.get_by_text(re.compile(r"草稿 #\d+ 已提交审批"))
    expect(submitted).to_be_visible()
    draft_id = re.search(r"#(\d+)", submitted.inner_text()).group(1)

    # The author has no way to approve: the drafts tab shows no approval to the liaison.
    page.get_by_role("tab", name=ZH["wb.tab.drafts"]).click()
    expect(page.get_by_text(f"#{draft_id}", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=ZH["wb.review.approve"])).to_have_count(0)
    context.close()
    assert (served.specs / GONGSU).read_text(encoding="utf-8") == original

    # Staff may not open the page at all.
    context, page = open_as(browser, served, "staff")
    expect(page.get_by_text(ZH["access.not_permitted"])).to_be_visible()
    expect(page.get_by_role("heading", name=ZH["wb.title"])).to_have_count(0)
    context.close()

    # The appraisal office approves: the new version's file in the specs folder is the
    # draft, and the version in force ends on 2026-09-30.
    context, page = open_as(browser, served, "appraisal_office")
    page.get_by_role("tab", name=ZH["wb.tab.drafts"]).click()
    page.get_by_role("button", name=ZH["wb.review.approve"]).click()
    done = ZH["wb.review.approved"].format(draft_id=draft_id, target=NEW_VERSION)
    expect(page.get_by_text(done)).to_be_visible()
    context.close()
    written = (served.specs / NEW_VERSION).read_text(encoding="utf-8")
    stamp, rest = written.split("\n", 1)
    assert rest == fixed
    assert "author liaison" in stamp and "approver appraisal_office" in stamp
    assert (served.specs / GONGSU).read_text(encoding="utf-8") == original.replace(
        "effective_from: 2026-01-01", "effective_from: 2026-01-01\neffective_to: 2026-09-30"
    )

    # The next build uses it: 2026Q4 is scored by version 2026.2, and a 第一检察部 person's
    # scorecard names that version (2026Q3 keeps 2026.1).
    kpi(served.env, "build")
    with duckdb.connect(str(served.snapshot), read_only=True) as con:
        versions = con.execute(
            "SELECT period_id, string_agg(DISTINCT spec_version, ',') FROM fct_appraisal "
            "WHERE spec_id = 'gongsu-staff' AND period_id IN ('2026Q3', '2026Q4') GROUP BY 1 "
            "ORDER BY 1"
        ).fetchall()
        [(person,)] = con.execute(
            "SELECT min(appraisee_id) FROM fct_appraisal WHERE spec_id = 'gongsu-staff' "
            "AND period_id = '2026Q4' AND org_unit_id LIKE 'PRC-CITY-%'"
        ).fetchall()
    assert versions == [("2026Q3", "2026.1"), ("2026Q4", "2026.2")]
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, locale="zh-CN")
    page = context.new_page()  # a new session: sign in on the scorecard's own URL
    url = f"{served.url}/person?period=2026Q4&person={person}"
    sign_in_at(page, url, "appraisal_office", DEMO_PASSWORD)
    named = ZH["person.spec"].format(spec="gongsu-staff", version="2026.2")
    expect(page.get_by_text(named)).to_be_visible()
    context.close()

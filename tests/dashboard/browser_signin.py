"""Signing in through the real sign-in page in Chromium (Playwright)."""

from __future__ import annotations

from dashboards.i18n import MESSAGES

ZH = MESSAGES["zh"]
TIMEOUT_MS = 60_000  # a page's first run on a busy machine can take a while


def sign_in_at(page, url: str, username: str, password: str) -> None:
    """Open ``url`` (a new Streamlit session), sign in on the page that appears, and wait
    until the page asked for has replaced the sign-in form."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page.goto(url)
    expect(page.get_by_role("heading", name=ZH["auth.title"])).to_be_visible()
    page.get_by_label(ZH["auth.username"]).fill(username)
    page.get_by_label(ZH["auth.password"]).fill(password)
    page.get_by_role("button", name=ZH["auth.submit"]).click()
    caption = ZH["auth.account"].split("{")[0]  # "当前用户："
    expect(page.get_by_test_id("stSidebar").get_by_text(caption, exact=False)).to_be_visible()

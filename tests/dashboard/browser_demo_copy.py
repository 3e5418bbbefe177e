"""A private copy of the session's demo build, served by its own dashboard: browser tests
that write (registries, entries, builds) change the copy, never the shared demo."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from browser_server import chromium  # noqa: F401 - re-exported
from browser_server import serve as serve_env

from tests.conftest import DemoBuild, demo_env


def copy_demo(demo: DemoBuild, target: Path) -> DemoBuild:
    """The demo's sources (with the workbooks) and its published snapshot, copied."""
    shutil.copytree(demo.sources, target / "sources")
    (target / "warehouse").mkdir(parents=True)
    shutil.copy2(demo.snapshot, target / "warehouse" / "published.duckdb")
    return DemoBuild(target, demo_env(target))


def store_url(demo: DemoBuild) -> str:
    return f"sqlite:///{demo.sources / 'app.sqlite'}"


@contextmanager
def serve(demo: DemoBuild, log: Path) -> Iterator[str]:
    """The dashboard over ``demo`` on a free port (stopped afterwards); its base URL."""
    with serve_env(demo.env, log) as base:
        yield base


def choose(page, scope, label: str, option: str) -> None:
    """Pick ``option`` (its whole text, or a unique prefix typed to filter) in a selectbox."""
    scope.get_by_label(label).click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.click()


def fill_date(page, scope, label: str, day: date) -> None:
    """A date input's segments take the digits in turn; Escape closes the calendar."""
    scope.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(day.strftime("%Y%m%d"))
    page.keyboard.press("Escape")


def box(scope, label: str):
    """The visible text box labelled ``label``, once the run has settled (a widget just
    replaced lingers, hidden or stale, until the script run ends)."""
    from playwright.sync_api import expect

    found = scope.get_by_label(label, exact=True).filter(visible=True)
    expect(found).to_have_count(1)
    return found


def keyed(scope, key: str):
    """The element Streamlit drew for widget ``key`` (its container carries the class
    ``st-key-<key>``, each character outside [A-Za-z0-9_-] written as "-")."""
    return scope.locator("." + "st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key.strip()))


def form_of(page, button: str):
    """The visible form whose submit button says ``button`` (a form just replaced may
    linger, hidden, for a moment)."""
    from playwright.sync_api import expect

    forms = page.get_by_test_id("stForm").filter(visible=True)
    found = forms.filter(has=page.get_by_role("button", name=button))
    expect(found).to_have_count(1)
    return found

"""Accounts for the dashboard tests and how a test signs in (AppTest or a browser)."""

from __future__ import annotations

from pathlib import Path

from kpi_warehouse.store import accounts, publication
from kpi_warehouse.store.audit import Actor

PASSWORD = "test-password-2026"

# Accounts bound to the synthetic snapshot's ids (tests/dashboard/conftest.py):
# name -> (roles, person, org unit, procuratorate)
SYNTHETIC_ACCOUNTS: dict[str, tuple[tuple[str, ...], str | None, str | None, str | None]] = {
    "admin": (("admin",), None, None, None),
    "leader_c": (("leader",), None, None, "PRC-C"),
    "analyst_c": (("analyst",), None, None, "PRC-C"),
    "head_c": (("dept_head",), "P001", "PRC-C-gongsu", None),
    "staff_p002": (("staff",), "P002", None, None),
    "clerk_p004": (("clerk",), "P004", None, None),
}


def make_store(path: Path) -> str:
    """A store file holding SYNTHETIC_ACCOUNTS (password PASSWORD); returns its URL."""
    url = f"sqlite:///{path}"
    actor = Actor("test")
    for name, (roles, person, unit, prc) in SYNTHETIC_ACCOUNTS.items():
        accounts.add(actor, name, list(roles), PASSWORD, person, unit, prc, url=url)
    # Both synthetic periods are published, so staff see them (kpi_warehouse.store.publication).
    admin = accounts.find("admin", url=url)
    for period in ("2025Q4", "2026Q1"):
        publication.publish(admin, period, url=url)
    return url


def sign_in(at, username: str, password: str = PASSWORD):
    """Fill the AppTest's sign-in form and submit it."""
    at.text_input(key="signin.username").input(username)
    at.text_input(key="signin.password").input(password)
    at.button[0].click()  # the form's submit button
    return at.run()

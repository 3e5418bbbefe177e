"""A throw-away store with the demo's app tables, owner accounts and a small directory."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from kpi_warehouse.demo.schema import APP_DDL
from kpi_warehouse.store import accounts
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.registries.checks import Directory, Person

OPERATOR = Actor("cli:test")
PASSWORD = "correct horse 42"
TODAY = date(2026, 6, 30)
PEOPLE = [
    Person("P00001", "张伟"),
    Person("P00002", "李娜"),
    Person("P00003", "王芳"),
    Person("P00004", "王芳"),  # two people share this name
]
DIRECTORY = Directory(PEOPLE)


def make_store(tmp_path: Path) -> str:
    path = tmp_path / "sources" / "app.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return prepare(f"sqlite:///{path}")


def prepare(url: str) -> str:
    """The app tables (as the demo writes them) and the test accounts in the store at url."""
    eng = sa.create_engine(url)
    with eng.begin() as con:
        for ddl in APP_DDL.values():
            con.execute(sa.text(ddl))
    eng.dispose()
    owners = {
        "office1": ("PRC-D1-office", ["registry_owner"], "P00001"),
        "office2": ("PRC-D1-office", ["registry_owner"], "P00002"),
        "pol1": ("PRC-D1-political", ["registry_owner"], "P00003"),
        "clerk1": ("PRC-D1-office", ["clerk"], "P00001"),
    }
    for name, (unit, roles, person) in owners.items():
        accounts.add(OPERATOR, name, roles, PASSWORD, person_id=person,
                     org_unit_id=unit, procuratorate_id="PRC-D1", url=url)  # fmt: skip
    return url


def owner(name: str, url: str) -> accounts.AccountView:
    return accounts.find(name, url=url)

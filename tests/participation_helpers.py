"""A tiny procuratorate for the campaign and journal tests: an office system with its
staff directory, and a store (SQLite) with the demo's ``ratings`` table.

Procuratorate X: 检察长 K and 副检察长 V1, V2 (in X-office); department X-dept with its
主任 H, 副主任 S (only where ``with_deputy``), and 检察官 A, B, C, D; a person on long leave
L; department X-other with 检察官 O.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kpi_warehouse.demo.schema import APP_DDL
from kpi_warehouse.store import accounts
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.participation import org

PASSWORD = "a-long-test-password"
STAFF = [
    ("K", "检察长甲", "X-office", "检察长", "on_post"),
    ("V1", "副检察长乙", "X-office", "副检察长", "on_post"),
    ("V2", "副检察长丙", "X-office", "副检察长", "on_post"),
    ("H", "主任丁", "X-dept", "主任", "on_post"),
    ("S", "副主任戊", "X-dept", "副主任", "on_post"),
    ("A", "检察官甲", "X-dept", "检察官", "on_post"),
    ("B", "检察官乙", "X-dept", "检察官", "on_post"),
    ("C", "检察官丙", "X-dept", "检察官", "on_post"),
    ("D", "检察官丁", "X-dept", "检察官", "on_post"),
    ("L", "检察官戊", "X-dept", "检察官", "long_leave"),
    ("O", "检察官己", "X-other", "检察官", "on_post"),
]


def office(tmp_path: Path, with_deputy: bool = True) -> str:
    path = tmp_path / "office.sqlite"
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE org_units (org_unit_id TEXT, procuratorate_id TEXT, name TEXT,"
        " dept_key TEXT, kind TEXT)"
    )
    con.executemany(
        "INSERT INTO org_units VALUES (?, 'X', ?, ?, 'business')",
        [
            ("X-office", "办公室", "office"),
            ("X-dept", "第一检察部", "gongsu"),
            ("X-other", "第二检察部", "zhongxing"),
        ],
    )
    con.execute(
        "CREATE TABLE staff (person_id TEXT, name TEXT, org_unit_id TEXT, post TEXT, status TEXT)"
    )
    con.executemany(
        "INSERT INTO staff VALUES (?, ?, ?, ?, ?)", [s for s in STAFF if with_deputy or s[0] != "S"]
    )
    con.commit()
    con.close()
    return f"sqlite:///{path}"


def store(tmp_path: Path) -> str:
    path = tmp_path / "app.sqlite"
    con = sqlite3.connect(path)
    con.execute(APP_DDL["ratings"])
    con.commit()
    con.close()
    return f"sqlite:///{path}"


def account(
    url: str,
    name: str,
    role: str,
    person: str | None = None,
    org_unit: str | None = None,
    procuratorate: str | None = None,
) -> accounts.AccountView:
    accounts.add(Actor("test"), name, [role], PASSWORD, person, org_unit, procuratorate, url=url)
    return accounts.find(name, url)


def directory(office_url: str) -> org.Directory:
    return org.load(office_url)

"""The benchmark's registry import: a 10 000-row Excel file of 信息简报, read, checked and
committed in one all-or-nothing import by the office that keeps it (issue: ≤ 5 s)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook

from kpi_warehouse.demo.schema import APP_DDL
from kpi_warehouse.store import accounts
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.registries import files, service
from kpi_warehouse.store.registries.checks import Directory, Person
from kpi_warehouse.store.registries.spec import registry

ROWS = 10_000
PEOPLE = 400
TODAY = date(2026, 12, 31)


def _workbook(path: Path) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["标题", "姓名", "刊发级别", "刊发日期"])
    for i in range(ROWS):
        ws.append([f"简报{i}", f"干警{i % PEOPLE}", "市级", date(2026, i % 12 + 1, i % 28 + 1)])
    wb.save(path)
    return path


def time_import(folder: Path) -> tuple[float, float]:
    """(seconds to write the file, seconds to read + check + commit it)."""
    url = f"sqlite:///{folder / 'bench-app.sqlite'}"
    eng = sa.create_engine(url)
    with eng.begin() as con:
        for ddl in APP_DDL.values():
            con.execute(sa.text(ddl))
    eng.dispose()
    accounts.add(Actor("bench"), "bench_office", ["registry_owner"], "bench-password-2026",
                 person_id="B00000", org_unit_id="PRC-B-office", procuratorate_id="PRC-B",
                 url=url)  # fmt: skip
    owner = accounts.find("bench_office", url=url)
    people = Directory(Person(f"B{i:05d}", f"干警{i}") for i in range(PEOPLE))
    started = time.perf_counter()
    path = _workbook(folder / "bench-bulletins.xlsx")
    written = time.perf_counter() - started
    started = time.perf_counter()
    reg = registry("bulletins")
    result = service.import_rows(owner, "bulletins", files.read(reg, path), people, TODAY, url=url)
    took = time.perf_counter() - started
    if not result.ok or len(result.added) != ROWS:
        raise RuntimeError(f"bench import failed: {result}")
    return written, took

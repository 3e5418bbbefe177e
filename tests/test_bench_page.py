"""The page benchmark's set-up (no browser): which department and person it opens, and
the account it signs in with. The timing itself runs in `make bench`."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kpi_warehouse import bench_page
from kpi_warehouse.store import accounts
from kpi_warehouse.store.accounts import SignIn


def test_target_is_the_biggest_department_of_the_newest_quarter(tmp_path: Path):
    snapshot = tmp_path / "published.duckdb"
    with duckdb.connect(str(snapshot)) as con:
        con.execute("""
            CREATE TABLE dim_period AS SELECT * FROM (VALUES
                ('2026Q1', 'quarter', DATE '2026-01-01'), ('2026Q2', 'quarter', DATE '2026-04-01'),
                ('2026Q3', 'quarter', DATE '2026-07-01'), ('2026', 'year', DATE '2026-01-01'))
                t(period_id, period_type, start_date);
            CREATE TABLE dim_org_unit AS SELECT * FROM (VALUES ('U1', '一部'), ('U2', '二部'))
                t(org_unit_id, org_unit_name);
            CREATE TABLE dim_person AS SELECT * FROM (VALUES
                ('P1', '甲'), ('P2', '乙'), ('P3', '丙'), ('P4', '丁')) t(person_id, person_name);
            -- 2026Q1: U1 is the bigger; 2026Q2 (newest with results): U2; 2026Q3: none.
            CREATE TABLE fct_appraisal AS SELECT * FROM (VALUES
                ('2026Q1', 'U1', 'person', 'P1', 1, 90.0),
                ('2026Q1', 'U1', 'person', 'P2', 2, 80.0),
                ('2026Q1', 'U2', 'person', 'P3', 1, 70.0),
                ('2026Q2', 'U1', 'person', 'P1', 1, 90.0),
                ('2026Q2', 'U2', 'person', 'P4', 2, 60.0),
                ('2026Q2', 'U2', 'person', 'P3', 1, 70.0),
                ('2026Q2', 'U1', 'org_unit', 'U1', 1, 50.0),
                ('2026Q2', 'U1', 'org_unit', 'U1', 1, 50.0),
                ('2026', 'U1', 'person', 'P2', 1, 99.0),
                ('2026', 'U1', 'person', 'P1', 2, 98.0))
                t(period_id, org_unit_id, appraisee_type, appraisee_id, rank_in_category, total);
        """)  # fmt: skip
    target = bench_page.find_target(snapshot)
    assert target == bench_page.Target("2026Q2", "U2", "二部", 2, "P3", "丙")


def test_account_is_created_then_reset(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    name, first = bench_page.ensure_account(url)
    again, second = bench_page.ensure_account(url)  # a second run on the same data folder
    assert name == again and first != second
    assert accounts.sign_in(name, first, url=url).outcome is SignIn.BAD_CREDENTIALS
    signed_in = accounts.sign_in(name, second, url=url)
    assert signed_in.outcome is SignIn.OK
    assert signed_in.account is not None and signed_in.account.roles == ("admin",)


def test_a_folder_without_a_snapshot_is_refused(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="published.duckdb"):
        bench_page.time_pages(tmp_path)

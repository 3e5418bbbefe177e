"""The publish guard on small hand-made snapshots: a department's appraised headcount that
falls by more than 10 % stops the publish; exactly 10 % passes; --accept-drop lets it
through and is logged. The whole pipeline: test_closed_periods_build.py."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kpi_warehouse import publish_guard
from kpi_warehouse.store import audit
from kpi_warehouse.store.audit import Actor


def _snapshot(path: Path, heads: dict[tuple[str, str], int]) -> Path:
    """fct_appraisal with ``n`` people P001… per (org unit, period), and dim_org_unit."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE fct_appraisal (spec_id VARCHAR, appraisee_type VARCHAR, "
            "appraisee_id VARCHAR, period_id VARCHAR, org_unit_id VARCHAR)"
        )
        con.execute("CREATE TABLE dim_org_unit (org_unit_id VARCHAR, org_unit_name VARCHAR)")
        con.execute(
            "INSERT INTO dim_org_unit VALUES ('U-gongsu', '第一检察部'), ('U-minshi', '民事检察部')"
        )
        for (unit, period), n in heads.items():
            spec = unit.split("-")[1]
            rows = [(spec, "person", f"{unit}-P{i:03d}", period, unit) for i in range(1, n + 1)]
            if rows:
                con.executemany("INSERT INTO fct_appraisal VALUES (?, ?, ?, ?, ?)", rows)
        # An org-unit appraisal is not a person: never counted.
        con.execute(
            "INSERT INTO fct_appraisal VALUES "
            "('units', 'org_unit', 'U-gongsu', '2026Q1', 'U-gongsu')"
        )
    return path


def _check(tmp_path: Path, before: dict, after: dict, accept: tuple[str, ...] = ()):
    snapshot = _snapshot(tmp_path / "published.duckdb", before)
    build = _snapshot(tmp_path / "build.duckdb", after)
    with duckdb.connect(str(build)) as con:
        return publish_guard.check(con, snapshot, accept)


def test_a_fall_of_exactly_ten_percent_passes(tmp_path: Path) -> None:
    # 100 → 90: (100 − 90) × 10 = 100, not more than 100.
    found = _check(tmp_path, {("U-gongsu", "2026Q1"): 100}, {("U-gongsu", "2026Q1"): 90})
    assert found == []


def test_a_fall_of_eleven_percent_stops_the_publish_naming_the_department(tmp_path: Path) -> None:
    # 100 → 89: (100 − 89) × 10 = 110 > 100; the people gone are P090 … P100 (11 of them).
    before = {("U-gongsu", "2026Q1"): 100, ("U-minshi", "2026Q1"): 20}
    after = {("U-gongsu", "2026Q1"): 89, ("U-minshi", "2026Q1"): 20}
    with pytest.raises(publish_guard.HeadcountDrop) as caught:
        _check(tmp_path, before, after)
    [drop] = caught.value.drops
    assert (drop.org_unit_id, drop.org_unit_name, drop.period_id) == (
        "U-gongsu",
        "第一检察部",
        "2026Q1",
    )
    assert (drop.before, drop.after, drop.specs) == (100, 89, ("gongsu",))
    assert drop.gone == tuple(f"U-gongsu-P{i:03d}" for i in range(90, 101))
    text = str(caught.value)
    assert "第一检察部（U-gongsu）2026Q1 考核人数由 100 降至 89（−11.0%" in text
    assert "people appraised fell from 100 to 89 (−11.0%" in text
    assert "--accept-drop U-gongsu" in text and "U-minshi" not in text


def test_a_department_gone_entirely_is_a_drop(tmp_path: Path) -> None:
    before = {("U-minshi", "2026Q1"): 3, ("U-minshi", "2026Q2"): 4}
    with pytest.raises(publish_guard.HeadcountDrop) as caught:
        _check(tmp_path, before, {("U-gongsu", "2026Q1"): 5})
    # One line per department: its worst period (both fell 100 %; the first is kept).
    [drop] = caught.value.drops
    assert (drop.org_unit_id, drop.before, drop.after) == ("U-minshi", 3, 0)


def test_accept_drop_lets_it_through_and_is_logged(tmp_path: Path) -> None:
    before = {("U-gongsu", "2026Q1"): 100, ("U-minshi", "2026Q1"): 10}
    after = {("U-gongsu", "2026Q1"): 89, ("U-minshi", "2026Q1"): 8}
    with pytest.raises(publish_guard.HeadcountDrop) as caught:
        _check(tmp_path, before, after, accept=("U-gongsu",))  # 民事 10 → 8 still stops
    assert [d.org_unit_id for d in caught.value.drops] == ["U-minshi"]
    found = _check(tmp_path, before, after, accept=("U-gongsu", "U-minshi"))
    assert [(d.org_unit_id, d.before, d.after) for d in found] == [
        ("U-gongsu", 100, 89),
        ("U-minshi", 10, 8),
    ]
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    publish_guard.log_accepted(found, Actor("cli:operator"), url)
    logged = audit.events(action="accept_drop", url=url)
    assert sorted((e.actor, e.target, e.rows) for e in logged) == [
        ("cli:operator", "U-gongsu", 89),
        ("cli:operator", "U-minshi", 8),
    ]


def test_the_first_publish_has_nothing_to_compare(tmp_path: Path) -> None:
    build = _snapshot(tmp_path / "build.duckdb", {("U-gongsu", "2026Q1"): 1})
    with duckdb.connect(str(build)) as con:
        assert publish_guard.check(con, tmp_path / "absent.duckdb", ()) == []

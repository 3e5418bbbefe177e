"""An upheld appeal changes the next build's result and nothing else.

On a copy of the demo build: the ``staff`` account appeals its 2026Q4 奖惩加减分 (adjust,
the gongsu spec's ``direct`` rule: approved reward and penalty entries of the quarter
summed, within −5…+5, added to the total with weight 1); the clerk enters the missing
reward (+1.5), the reviewer approves it, the appraisal office upholds the appeal naming
that entry; ``kpi build`` runs again. Expected, from those rules: the person's adjust
points and 2026Q4 total rise by exactly the clamped difference and the annual total (the
mean of the four quarters) by a quarter of it; no other row of fct_indicator_score or
fct_appraisal changes (no colleague sits between the old and new totals, so no rank or
quota moves — checked); the appellant then sees before and after.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import sqlalchemy as sa

from kpi_warehouse.store import accounts, appeals, manual_entries, publication
from kpi_warehouse.store.registries import directory
from kpi_warehouse.store.scope import scope_for
from tests.conftest import DemoBuild, demo_env, kpi

PERIOD = "2026Q4"
REWARD = 1.5


def _clamp(value: float) -> float:
    return max(-5.0, min(5.0, value))


def _adjust_entries(url: str, person: str) -> float:
    """The approved reward/penalty entries of the person dated in 2026Q4, summed."""
    with sa.create_engine(url).connect() as con:
        total = con.execute(
            sa.text(
                "SELECT coalesce(sum(value), 0) FROM manual_entries WHERE person_id = :p "
                "AND item IN ('reward', 'penalty') AND review_status = 'approved' "
                "AND entry_date BETWEEN '2026-10-01' AND '2026-12-31'"
            ),
            {"p": person},
        ).scalar_one()
    return float(total)


def _table(snapshot: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(sql).df()


def test_upheld_appeal_changes_only_the_appellants_result(demo_build: DemoBuild, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(demo_build.sources, data / "sources")
    (data / "warehouse").mkdir()
    before_snapshot = tmp_path / "before.duckdb"
    shutil.copy(demo_build.snapshot, before_snapshot)
    shutil.copy(demo_build.snapshot, data / "warehouse" / "published.duckdb")
    url = f"sqlite:///{data / 'sources' / 'app.sqlite'}"
    office_url = f"sqlite:///{data / 'sources' / 'office.sqlite'}"
    staff = accounts.find("staff", url=url)
    person = str(staff.person_id)
    assert publication.get(PERIOD, url) is not None  # the demo published Q4 three days ago

    appeal_id = appeals.file(staff, PERIOD, "12月市院嘉奖未计入", before_snapshot,
                             indicator_id="adjust", url=url)  # fmt: skip
    filed = appeals.get(appeal_id, url=url)
    assert filed.before["spec_id"] == "gongsu-staff"
    entries_before = _adjust_entries(url, person)
    assert filed.before["points"] == _clamp(entries_before)

    clerk = accounts.find("clerk", url=url)
    reviewer = accounts.find("reviewer", url=url)
    entry = manual_entries.add(
        clerk, {"person_id": person, "item": "reward", "value": REWARD,
                "entry_date": "2026-12-15", "description": f"申诉 {appeal_id} 更正：市院嘉奖"},
        directory.load(office_url), today=date(2026, 12, 31), url=url,
    )  # fmt: skip
    manual_entries.approve(reviewer, entry, url=url)
    office = accounts.find("appraisal_office", url=url)
    appeals.decide(office, appeal_id, True, "属实，已补录奖励加分", before_snapshot, entry,
                   url=url)  # fmt: skip

    kpi(demo_env(data), "build")
    after_snapshot = data / "warehouse" / "published.duckdb"

    delta = _clamp(entries_before + REWARD) - _clamp(entries_before)
    assert delta == REWARD  # the demo person has no other Q4 adjustment near the bounds
    key = ["appraisee_type", "appraisee_id", "period_id", "indicator_id"]
    cols = "appraisee_type, appraisee_id, period_id, indicator_id, points"
    old = _table(before_snapshot, f"SELECT {cols} FROM fct_indicator_score").set_index(key)
    new = _table(after_snapshot, f"SELECT {cols} FROM fct_indicator_score").set_index(key)
    assert sorted(old.index) == sorted(new.index)
    new = new.loc[old.index]
    changed = old.index[(old["points"] - new["points"]).abs() > 1e-9]
    assert list(changed) == [("person", person, PERIOD, "adjust")]
    assert new.loc[("person", person, PERIOD, "adjust"), "points"] == _clamp(
        entries_before + REWARD
    )

    key = ["appraisee_type", "appraisee_id", "period_id"]
    cols = "appraisee_type, appraisee_id, period_id, org_unit_id, total, grade, rank_in_category"
    old = _table(before_snapshot, f"SELECT {cols} FROM fct_appraisal").set_index(key)
    new = _table(after_snapshot, f"SELECT {cols} FROM fct_appraisal").set_index(key)
    assert sorted(old.index) == sorted(new.index)
    new = new.loc[old.index]
    quarter, year = ("person", person, PERIOD), ("person", person, "2026")
    # No colleague of the department (whose appraisees share the quotas) sits between the
    # old and the new total, so no rank and no grade of anyone else can move.
    unit = old.loc[quarter, "org_unit_id"]
    for idx, shift in ((quarter, delta), (year, delta / 4)):  # annual = mean of 4 quarters
        low = old.loc[idx, "total"]
        between = old[(old["org_unit_id"] == unit) & (old.index.get_level_values(2) == idx[2])
                      & (old["total"] >= low) & (old["total"] < low + shift)]  # fmt: skip
        assert list(between.index) == [idx], "demo data changed: pick another correction"
        assert abs(new.loc[idx, "total"] - (low + shift)) < 1e-9, idx
        assert new.loc[idx, "grade"] == old.loc[idx, "grade"], idx
    others = old.index.difference([quarter, year])
    pd.testing.assert_frame_equal(old.loc[others], new.loc[others])

    result = appeals.outcome(appeals.get(appeal_id, url=url), scope_for(staff, url),
                             after_snapshot)  # fmt: skip
    assert result.after is not None
    assert result.after["points"] == _clamp(entries_before + REWARD)
    assert abs(result.after["total"] - (result.before["total"] + delta)) < 1e-9

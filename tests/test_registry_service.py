"""Registry services: owner-only writes, history rows, compare-before conflicts, voiding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_warehouse.store import history
from kpi_warehouse.store.registries import service
from kpi_warehouse.store.registries.access import NotAllowed
from tests.registry_helpers import DIRECTORY, TODAY, make_store, owner

BULLETIN = {"person_name": "张伟", "title": "检察开放日", "media_level": "市级",
            "published_date": "2026-03-05"}  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> str:
    return make_store(tmp_path)


def _count(url: str, table: str) -> int:
    with sa.create_engine(url).connect() as con:
        return con.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_owner_adds_a_record_with_history(store: str):
    rec = service.add(owner("office1", store), "bulletins", BULLETIN, DIRECTORY, TODAY, url=store)
    assert (rec["person_id"], rec["media_level"], rec["recorded_by"]) == (
        "P00001",
        "city",
        "PRC-D1-office",
    )
    rows = history.of("reg_bulletins", str(rec["bulletin_id"]), url=store)
    assert [(h.act, h.actor, h.before) for h in rows] == [("import", "office1", None)]
    assert json.loads(rows[0].after)["title"] == "检察开放日"


@pytest.mark.parametrize("who", ["pol1", "clerk1"])
def test_other_offices_and_roles_are_refused(store: str, who: str):
    with pytest.raises(NotAllowed):
        service.add(owner(who, store), "bulletins", BULLETIN, DIRECTORY, TODAY, url=store)
    assert _count(store, "reg_bulletins") == 0


def test_second_concurrent_edit_gets_a_conflict_and_nothing_is_overwritten(store: str):
    rec = service.add(owner("office1", store), "bulletins", BULLETIN, DIRECTORY, TODAY, url=store)
    seen_by_1 = dict(rec)
    seen_by_2 = dict(rec)
    service.edit(owner("office1", store), "bulletins", seen_by_1, {"title": "甲改"}, "错字",
                 DIRECTORY, TODAY, url=store)  # fmt: skip
    with pytest.raises(service.Conflict, match="已被他人修改"):
        service.edit(owner("office2", store), "bulletins", seen_by_2, {"title": "乙改"}, "错字",
                     DIRECTORY, TODAY, url=store)  # fmt: skip
    assert service.get("bulletins", str(rec["bulletin_id"]), store)["title"] == "甲改"
    acts = [h.act for h in history.of("reg_bulletins", str(rec["bulletin_id"]), url=store)]
    assert acts == ["import", "edit"]


def test_void_removes_from_live_table_and_keeps_history(store: str):
    rec = service.add(owner("office1", store), "bulletins", BULLETIN, DIRECTORY, TODAY, url=store)
    with pytest.raises(service.Invalid):
        service.void(owner("office1", store), "bulletins", rec, "  ", url=store)
    service.void(owner("office1", store), "bulletins", rec, "重复登记", url=store)
    assert _count(store, "reg_bulletins") == 0
    last = history.of("reg_bulletins", str(rec["bulletin_id"]), url=store)[-1]
    assert (last.act, last.reason, last.after) == ("void", "重复登记", None)
    assert json.loads(last.before)["title"] == "检察开放日"
    with pytest.raises(service.Conflict):  # a second void of the same record
        service.void(owner("office2", store), "bulletins", rec, "重复登记", url=store)


def test_edit_is_checked_like_an_add(store: str):
    rec = service.add(owner("office1", store), "bulletins", BULLETIN, DIRECTORY, TODAY, url=store)
    with pytest.raises(service.Invalid, match="不在可选范围"):
        service.edit(owner("office1", store), "bulletins", rec, {"media_level": "乡级"}, "改",
                     DIRECTORY, TODAY, url=store)  # fmt: skip
    assert service.get("bulletins", str(rec["bulletin_id"]), store) == rec

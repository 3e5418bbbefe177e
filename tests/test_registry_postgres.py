"""The registry and manual-entry services on a real PostgreSQL store (same rules)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from kpi_warehouse.store import accounts, history
from kpi_warehouse.store import manual_entries as me
from kpi_warehouse.store.registries import service
from tests.pg_server import embedded_server
from tests.registry_helpers import DIRECTORY, OPERATOR, PASSWORD, TODAY, owner, prepare

pytestmark = pytest.mark.postgres

ROW = {"person_name": "张伟", "title": "开放日", "media_level": "市级",
       "published_date": "2026-03-05"}  # fmt: skip


@pytest.fixture(scope="module")
def pg_store() -> Iterator[str]:
    with embedded_server() as server:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        name = f"kpi_reg_{uuid.uuid4().hex[:8]}"
        with admin.connect() as con:
            con.execute(sa.text(f"CREATE DATABASE {name}"))
        url = sa.make_url(server).set(database=name).render_as_string(hide_password=False)
        prepare(url)
        accounts.add(OPERATOR, "rev1", ["reviewer"], PASSWORD, person_id="P00002", url=url)
        yield url
        admin.dispose()


def test_registry_acts_on_postgres(pg_store: str):
    url = pg_store
    rec = service.add(owner("office1", url), "bulletins", ROW, DIRECTORY, TODAY, url=url)
    stale = dict(rec)
    service.edit(owner("office1", url), "bulletins", rec, {"title": "改"}, "错字", DIRECTORY,
                 TODAY, url=url)  # fmt: skip
    with pytest.raises(service.Conflict):
        service.void(owner("office2", url), "bulletins", stale, "重复", url=url)
    bad = service.import_rows(owner("office1", url), "bulletins",
                              [(2, ROW | {"title": "新"}), (3, ROW | {"media_level": "乡级"})],
                              DIRECTORY, TODAY, url=url)  # fmt: skip
    assert not bad.ok and [r["title"] for r in service.records("bulletins", url)] == ["改"]
    acts = [h.act for h in history.of("reg_bulletins", str(rec["bulletin_id"]), url=url)]
    assert acts == ["import", "edit"]


def test_manual_entry_review_on_postgres(pg_store: str):
    url = pg_store
    entry = {"person_id": "P00002", "item": "reward", "value": 1.5,
             "entry_date": "2026-04-01", "description": "表扬"}  # fmt: skip
    eid = me.add(owner("clerk1", url), entry, DIRECTORY, TODAY, url=url)
    me.approve(owner("rev1", url), eid, url=url)
    got = me.get(eid, url)
    assert got and (got["review_status"], got["reviewed_by"], got["value"]) == (
        "approved",
        "P00002",
        1.5,
    )

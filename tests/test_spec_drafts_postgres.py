"""Spec drafts on a real PostgreSQL store: the migration, the acts, and the history that
the database keeps append-only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from kpi_warehouse.store import accounts, spec_drafts
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.spec_drafts import DraftInput, NotAllowed
from tests.pg_server import embedded_server

pytestmark = pytest.mark.postgres
OPERATOR = Actor("cli:test")
PASSWORD = "correct horse 42"


@pytest.fixture(scope="module")
def pg_store() -> Iterator[str]:
    with embedded_server() as server:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        name = f"kpi_specs_{uuid.uuid4().hex[:8]}"
        with admin.connect() as con:
            con.execute(sa.text(f"CREATE DATABASE {name}"))
        url = sa.make_url(server).set(database=name).render_as_string(hide_password=False)
        accounts.add(OPERATOR, "liaison1", ["liaison"], PASSWORD, person_id="P00001",
                     org_unit_id="PRC-D1-gongsu", url=url)  # fmt: skip
        accounts.add(OPERATOR, "office1", ["appraisal_office"], PASSWORD, person_id="P00002",
                     procuratorate_id="PRC-D1", url=url)  # fmt: skip
        yield url
        admin.dispose()


def test_spec_draft_acts_on_postgres(pg_store: str):
    url = pg_store
    liaison, office = accounts.find("liaison1", url), accounts.find("office1", url)
    text = "spec_id: gongsu-staff\nversion: '2026.2'\n"
    draft = spec_drafts.save(
        liaison,
        DraftInput("gongsu-staff", "2026.2", "demo/gongsu-2026.yaml", "0" * 64,
                   "demo/gongsu-staff-2026.2.yaml", text, 0, 1),
        {"gongsu-staff"}, url=url,
    )  # fmt: skip
    with pytest.raises(NotAllowed):  # not the liaison's department's spec
        spec_drafts.submit(liaison, draft.draft_id, {"office-staff"}, url)
    spec_drafts.submit(liaison, draft.draft_id, {"gongsu-staff"}, url)
    written: list[str] = []

    def write(decided: spec_drafts.DraftView) -> str:
        written.append(decided.text)
        return "f" * 64

    with pytest.raises(NotAllowed):
        spec_drafts.approve(liaison, draft.draft_id, None, write, url)
    done = spec_drafts.approve(office, draft.draft_id, None, write, url)
    assert (done.status, done.decided_by, done.written_sha256) == ("approved", "office1", "f" * 64)
    assert written == [text]
    acts = [h.act for h in spec_drafts.draft_history(draft.draft_id, url)]
    assert acts == ["draft_create", "submit", "approve"]
    eng = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with pytest.raises(sa.exc.DBAPIError), eng.begin() as con:
        con.execute(sa.text("UPDATE kpi_record_history SET reason = 'x'"))
    eng.dispose()

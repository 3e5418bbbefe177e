"""Period publication and appeals on a hand-filled snapshot (tests/dashboard/conftest.py):
what staff see before and after publication, the appeal window and the answer deadline
worked out by hand from Template 15's 10 + 10 days (and from a spec that says otherwise),
who may decide what, and before/after.

Synthetic snapshot facts used here: P002 (PRC-C-gongsu) 2026Q1 total 85.0, 良好, rank 1 of
1, ATT 10 points; P001 2026Q1 92.5 优秀 and 2025Q4 80.0 良好; P004 (PRC-C-office) 88.0;
P005 is in the district PRC-D1.
"""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from kpi_warehouse.demo.schema import APP_DDL
from kpi_warehouse.store import accounts, appeals, audit, history, publication
from kpi_warehouse.store.appeal_rules import Refused
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.registries.access import NotAllowed
from kpi_warehouse.store.scope import denied, query, scope_for
from tests.dashboard.conftest import build_synthetic_snapshot

OPERATOR = Actor("cli:test")
PASSWORD = "test-password-2026"
PUBLISHED_AT = datetime(2026, 4, 10, 9, 0)
ACCOUNTS = {  # name -> roles, person, org unit, procuratorate
    "office": (["appraisal_office"], "P004", None, "PRC-C"),
    "office2": (["appraisal_office"], None, None, "PRC-C"),
    "office_d1": (["appraisal_office"], None, None, "PRC-D1"),
    "staff": (["staff"], "P002", None, None),
    "staff1": (["staff"], "P001", None, None),
    "admin": (["admin"], None, None, None),
    "leader": (["leader"], None, None, "PRC-C"),
    "head_staff": (["dept_head", "staff"], "P001", "PRC-C-gongsu", None),
}
ENTRIES = [  # entry id, person, status
    ("ME-OK-P002", "P002", "approved"),
    ("ME-PENDING-P002", "P002", "pending"),
    ("ME-OK-P001", "P001", "approved"),
]


def prepare(url: str, tmp_path: Path) -> tuple[str, Path]:
    """The demo's app tables, three manual entries and the accounts above in the store at
    ``url``; a synthetic snapshot beside."""
    eng = sa.create_engine(url)
    with eng.begin() as con:
        for ddl in APP_DDL.values():
            con.execute(sa.text(ddl))
        for entry_id, person, status in ENTRIES:
            con.execute(
                sa.text(
                    "INSERT INTO manual_entries VALUES (:id, :p, 'reward', 1.0, '2026-03-01', "
                    "'x', 'P009', 'P008', :s, '2026-04-11T10:00:00', '2026-04-11T10:00:00')"
                ),
                {"id": entry_id, "p": person, "s": status},
            )
    eng.dispose()
    for name, (roles, person, unit, prc) in ACCOUNTS.items():
        accounts.add(OPERATOR, name, roles, PASSWORD, person, unit, prc, url=url)
    snapshot = build_synthetic_snapshot(tmp_path / "published.duckdb")
    return url, snapshot


@pytest.fixture
def env(tmp_path: Path) -> tuple[str, Path]:
    return prepare(f"sqlite:///{tmp_path / 'app.sqlite'}", tmp_path)


def who(name: str, url: str) -> accounts.AccountView:
    return accounts.find(name, url=url)


def periods_seen(name: str, url: str, snapshot: Path, table: str = "fct_appraisal") -> set[str]:
    frame = query(scope_for(who(name, url), url), snapshot, f"SELECT period_id FROM {table}")
    return set(frame["period_id"])


def test_staff_see_no_unpublished_period(env):
    url, snap = env
    tables = ("fct_appraisal", "fct_indicator_score", "fct_activity", "fct_evidence_record",
              "dim_period")  # fmt: skip
    for table in tables:
        assert periods_seen("staff1", url, snap, table) == set(), table
    evidence = query(scope_for(who("staff1", url), url), snap, "SELECT * FROM fct_evidence")
    assert evidence.empty
    # The reviewing roles see every period before publication (they check and publish it).
    assert periods_seen("leader", url, snap) == {"2025Q4", "2026Q1"}
    assert periods_seen("office", url, snap) == {"2025Q4", "2026Q1"}
    assert periods_seen("head_staff", url, snap) == {"2025Q4", "2026Q1"}

    publication.publish(who("office", url), "2026Q1", snap, at=PUBLISHED_AT, url=url)
    scope = scope_for(who("staff1", url), url)
    own = query(scope, snap, "SELECT period_id, total FROM fct_appraisal WHERE appraisee_id = ?",
                ["P001"])  # fmt: skip
    assert list(own.itertuples(index=False, name=None)) == [("2026Q1", 92.5)]  # not 2025Q4
    assert periods_seen("staff1", url, snap, "dim_period") == {"2026Q1"}
    # P001's evidence of 2026Q1: three late arrivals, two cases, one award.
    records = query(scope, snap, "SELECT period_id, source_key FROM fct_evidence_record")
    assert set(records["period_id"]) == {"2026Q1"}
    assert len(records) == 6
    assert denied(scope, snap, {"period": "2025Q4"}) == [("period", "2025Q4")]
    assert denied(scope, snap, {"period": "2026Q1"}) == []
    # the department's published totals of 2026Q1: P001, P002, P003 and the department
    totals = query(scope, snap, "SELECT appraisee_id FROM fct_appraisal ORDER BY 1")
    assert list(totals["appraisee_id"]) == ["P001", "P002", "P003", "PRC-C-gongsu"]


def test_publish_once_by_the_office_or_an_admin(env):
    url, snap = env
    row = publication.publish(who("office", url), "2026Q1", snap, at=PUBLISHED_AT, url=url)
    assert (row.published_by, row.published_at) == ("office", PUBLISHED_AT)
    with pytest.raises(Refused, match="2026-04-10 09:00 由 office 发布"):
        publication.publish(who("office2", url), "2026Q1", snap, url=url)
    with pytest.raises(NotAllowed):
        publication.publish(who("staff", url), "2025Q4", snap, url=url)
    with pytest.raises(NotAllowed):
        publication.publish(who("leader", url), "2025Q4", snap, url=url)
    with pytest.raises(Refused, match="2027Q1"):
        publication.publish(who("admin", url), "2027Q1", snap, url=url)
    publication.publish(who("admin", url), "2025Q4", snap, url=url)
    assert publication.published_periods(url) == ("2025Q4", "2026Q1")
    assert publication.get("2026Q1", url).published_by == "office"  # the first one stands
    rows = history.of("kpi_period_publication", url=url)
    assert [(h.record_id, h.act, h.actor) for h in rows] == [
        ("2026Q1", "publish", "office"), ("2025Q4", "publish", "admin")
    ]  # fmt: skip
    outcomes = [(e.actor, e.outcome) for e in audit.events(action="period_publish", url=url)]
    assert outcomes == [("admin", "ok"), ("office2", "refused"), ("office", "ok")]
    with (
        pytest.raises(sa.exc.DBAPIError, match="append-only"),
        sa.create_engine(url).begin() as con,
    ):
        con.execute(sa.text("DELETE FROM kpi_period_publication"))


def test_appeal_window_and_answer_deadline(env):
    """Published 2026-04-10 09:00; 10 days → appeals through 2026-04-20; answers 10 days
    after filing."""
    url, snap = env
    staff = who("staff", url)
    with pytest.raises(Refused, match="尚未发布"):
        appeals.file(staff, "2026Q1", "too early", snap, url=url)
    publication.publish(who("office", url), "2026Q1", snap, at=PUBLISHED_AT, url=url)
    last_day = datetime(2026, 4, 20, 23, 0)
    appeal_id = appeals.file(staff, "2026Q1", "等次偏低", snap, at=last_day, url=url)
    filed = appeals.get(appeal_id, url=url)
    assert (filed.window_closes, filed.answer_due) == (date(2026, 4, 20), date(2026, 4, 30))
    assert filed.before == {"spec_id": "PRC-2026", "spec_version": "v1", "total": 85.0,
                            "grade": "良好", "rank": 1, "category_size": 1,
                            "built_at": "2026-04-02T08:30:00"}  # fmt: skip
    with pytest.raises(Refused, match="申诉期已过.*2026-04-20"):
        appeals.file(staff, "2026Q1", "考勤", snap, indicator_id="ATT",
                     at=datetime(2026, 4, 21, 0, 0), url=url)  # fmt: skip
    with pytest.raises(Refused, match="AWARD"):  # P002 has no AWARD score
        appeals.file(staff, "2026Q1", "x", snap, indicator_id="AWARD", at=last_day, url=url)
    with pytest.raises(Refused, match=appeal_id):  # the same matter is pending
        appeals.file(staff, "2026Q1", "again", snap, at=last_day, url=url)
    indicator = appeals.file(staff, "2026Q1", "考勤", snap, indicator_id="ATT", at=last_day,
                             attachment=appeals.Attachment("假条.pdf", b"%PDF-1.4 x"),
                             url=url)  # fmt: skip
    assert appeals.get(indicator, url=url).before["points"] == 10.0
    assert appeals.attachment(staff, indicator, snap, url).content == b"%PDF-1.4 x"
    with pytest.raises(NotAllowed):
        appeals.attachment(who("staff1", url), indicator, snap, url)
    assert appeals.attachment(who("office", url), indicator, snap, url).name == "假条.pdf"
    refused = audit.events(action="appeal_file", url=url)
    assert [e.outcome for e in refused] == ["ok", "refused", "refused", "refused", "ok",
                                            "refused"]  # fmt: skip
    # overdue: due 2026-04-30, so 05-01 is overdue and 04-30 is not
    assert appeals.get(appeal_id, today=date(2026, 4, 30), url=url).overdue is False
    assert appeals.get(appeal_id, today=date(2026, 5, 1), url=url).overdue is True


def test_the_spec_sets_the_window(env, tmp_path: Path):
    """A spec saying appeals: {window_days: 15, answer_days: 5}: published 04-10 → appeals
    through 04-25, the answer due 5 days after filing."""
    url, snap = env
    with duckdb.connect(str(snap)) as con:
        con.execute("CREATE SCHEMA specs")
        con.execute(
            "CREATE TABLE specs.spec_versions (spec_id VARCHAR, version VARCHAR, "
            "effective_from DATE, effective_to DATE, title VARCHAR, file VARCHAR, "
            "sha256 VARCHAR, spec_json VARCHAR)"
        )
        spec = json.dumps({"appeals": {"window_days": 15, "answer_days": 5}})
        con.execute("INSERT INTO specs.spec_versions VALUES ('PRC-2026', 'v1', '2026-01-01', "
                    "NULL, 't', 'f', 's', ?)", [spec])  # fmt: skip
    publication.publish(who("office", url), "2026Q1", snap, at=PUBLISHED_AT, url=url)
    staff = who("staff", url)
    appeal_id = appeals.file(staff, "2026Q1", "r", snap, at=datetime(2026, 4, 25, 8), url=url)
    filed = appeals.get(appeal_id, url=url)
    assert (filed.window_closes, filed.answer_due) == (date(2026, 4, 25), date(2026, 4, 30))
    with pytest.raises(Refused, match="2026-04-25"):
        appeals.file(staff, "2026Q1", "r", snap, indicator_id="ATT",
                     at=datetime(2026, 4, 26, 8), url=url)  # fmt: skip


def test_spec_appeals_default_is_template_15():
    from kpi_warehouse.specs.model import Appeals

    assert (Appeals().window_days, Appeals().answer_days) == (10, 10)


def test_nobody_decides_their_own_appeal(env):
    url, snap = env
    publication.publish(who("office", url), "2026Q1", snap, at=PUBLISHED_AT, url=url)
    filed = datetime(2026, 4, 12, 10, 0)
    staff_appeal = appeals.file(who("staff", url), "2026Q1", "r", snap, at=filed, url=url)
    own = appeals.file(who("office", url), "2026Q1", "mine", snap, at=filed, url=url)
    office = who("office", url)
    with pytest.raises(NotAllowed, match="本人"):
        appeals.decide(office, own, False, "no", snap, url=url)
    for name in ("office_d1", "staff", "admin", "leader"):  # outside scope / not the office
        with pytest.raises(NotAllowed):
            appeals.decide(who(name, url), staff_appeal, False, "no", snap, url=url)
    assert appeals.get(staff_appeal, url=url).status == "pending"
    assert {a.appeal_id for a in appeals.queue(office, snap, url=url)} == {staff_appeal, own}
    assert appeals.queue(who("office_d1", url), snap, url=url) == []
    with pytest.raises(Refused, match="书面"):
        appeals.decide(office, staff_appeal, False, "  ", snap, url=url)
    with pytest.raises(Refused, match="更正"):
        appeals.decide(office, staff_appeal, True, "yes", snap, url=url)
    with pytest.raises(Refused, match="不是申诉人的"):
        appeals.decide(office, staff_appeal, True, "yes", snap, "ME-OK-P001", url=url)
    with pytest.raises(Refused, match="尚未审核通过"):
        appeals.decide(office, staff_appeal, True, "yes", snap, "ME-PENDING-P002", url=url)
    decided = appeals.decide(office, staff_appeal, True, "属实，已更正", snap, "ME-OK-P002",
                             at=datetime(2026, 4, 15, 9), url=url)  # fmt: skip
    assert (decided.status, decided.correction_kind, decided.correction_id, decided.decided_by) \
        == ("upheld", "entry", "ME-OK-P002", "office")  # fmt: skip
    with pytest.raises(Refused, match="已答复"):
        appeals.decide(office, staff_appeal, False, "no", snap, url=url)
    dismissed = appeals.decide(who("office2", url), own, False, "依据充分", snap, url=url)
    assert dismissed.status == "dismissed"
    acts = [(h.record_id, h.act) for h in history.of("kpi_appeal", url=url)]
    assert acts == [(staff_appeal, "file"), (own, "file"), (staff_appeal, "uphold"),
                    (own, "dismiss")]  # fmt: skip
    # a decided appeal never changes
    with pytest.raises(sa.exc.DBAPIError, match="final"), sa.create_engine(url).begin() as con:
        con.execute(sa.text("UPDATE kpi_appeal SET answer = 'changed'"))


def test_outcome_before_and_after_the_next_snapshot(env, tmp_path: Path):
    url, snap = env
    publication.publish(who("office", url), "2026Q1", snap, at=PUBLISHED_AT, url=url)
    staff = who("staff", url)
    appeal_id = appeals.file(staff, "2026Q1", "考勤", snap, indicator_id="ATT",
                             at=datetime(2026, 4, 12), url=url)  # fmt: skip
    appeals.decide(who("office", url), appeal_id, True, "更正", snap, "ME-OK-P002",
                   at=datetime(2026, 4, 15, 9), url=url)  # fmt: skip
    scope = scope_for(staff, url)
    upheld = appeals.get(appeal_id, url=url)
    waiting = appeals.outcome(upheld, scope, snap)  # the snapshot predates the decision
    assert (waiting.before["total"], waiting.after) == (85.0, None)
    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(snap, rebuilt)
    with duckdb.connect(str(rebuilt)) as con:
        con.execute("UPDATE meta_snapshot SET built_at = TIMESTAMP '2026-04-16 02:00:00'")
        con.execute("UPDATE fct_appraisal SET total = 86.0 WHERE appraisee_id = 'P002'")
        con.execute("UPDATE fct_indicator_score SET points = 11.0 "
                    "WHERE indicator_score_id = 'S-P002-ATT'")  # fmt: skip
    result = appeals.outcome(upheld, scope, rebuilt)
    assert (result.before["points"], result.before["total"]) == (10.0, 85.0)
    assert (result.after["points"], result.after["total"], result.after["grade"]) == (
        11.0, 86.0, "良好")  # fmt: skip


@pytest.mark.postgres
def test_publication_and_appeals_on_postgres(tmp_path: Path):
    """The same acts and database guards on a real PostgreSQL store."""
    from tests.pg_server import embedded_server

    with embedded_server() as server:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        name = f"kpi_appeal_{uuid.uuid4().hex[:8]}"
        with admin.connect() as con:
            con.execute(sa.text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url, snap = prepare(
            sa.make_url(server).set(database=name).render_as_string(hide_password=False),
            tmp_path,
        )
        publication.publish(who("office", url), "2026Q1", snap, at=PUBLISHED_AT, url=url)
        with pytest.raises(Refused):
            publication.publish(who("admin", url), "2026Q1", snap, url=url)
        appeal_id = appeals.file(who("staff", url), "2026Q1", "r", snap,
                                 attachment=appeals.Attachment("a.bin", b"\x00\x01"),
                                 at=datetime(2026, 4, 12), url=url)  # fmt: skip
        assert appeals.attachment(who("staff", url), appeal_id, snap, url).content == b"\x00\x01"
        decided = appeals.decide(who("office", url), appeal_id, True, "ok", snap, "ME-OK-P002",
                                 url=url)  # fmt: skip
        assert decided.status == "upheld"
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        for statement in ("UPDATE kpi_appeal SET answer = 'x'", "DELETE FROM kpi_appeal",
                          "DELETE FROM kpi_period_publication"):  # fmt: skip
            with pytest.raises(sa.exc.DBAPIError), engine.begin() as con:
                con.execute(sa.text(statement))
        engine.dispose()

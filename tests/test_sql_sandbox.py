"""The SQL console's sandbox against hostile statements, raw ratings, rater identities and
other scopes; its caps (time, rows, memory); its audit trail; and `kpi sql [--user]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi_warehouse.store import accounts, audit
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.scope import (
    CONSOLE_LIMITS,
    Limits,
    NotPermitted,
    Scope,
    operator_connection,
    scoped_connection,
)
from kpi_warehouse.store.sql_sandbox import Verdict, run_sql, vet
from tests.scope_snapshot import build_scope_snapshot
from tests.store_helpers import run_kpi, store_env

ANALYST_C = Scope("analyst_c", 1, ("analyst",), None, None, "C")
ANALYST_D1 = Scope("analyst_d1", 2, ("analyst",), None, None, "D1")
STAFF = Scope("staff_p3", 3, ("staff",), "P3")
ACTOR = Actor("analyst_c", 1)
PASSWORD = "correct horse 42"


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_scope_snapshot(tmp_path_factory.mktemp("sandbox") / "published.duckdb")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("KPI_APP_URL", url)
    return url


HOSTILE = [
    ("COPY fct_appraisal TO '{out}'", Verdict.NOT_READ_ONLY),
    ("COPY (SELECT * FROM fct_appraisal) TO '{out}' (FORMAT csv)", Verdict.NOT_READ_ONLY),
    ("EXPORT DATABASE '{dir}'", Verdict.NOT_READ_ONLY),
    ("SELECT 1; COPY fct_appraisal TO '{out}'", Verdict.MULTIPLE),
    ("SELECT * FROM read_text('/etc/passwd')", Verdict.FUNCTION),
    ("SELECT * FROM read_csv('/etc/passwd')", Verdict.FUNCTION),
    ("FROM read_blob('/etc/hostname')", Verdict.FUNCTION),
    ("SELECT * FROM glob('/root/*')", Verdict.FUNCTION),
    ("SELECT * FROM '/etc/passwd'", Verdict.RELATION),
    ("ATTACH '{dir}/x.duckdb' AS x", Verdict.NOT_READ_ONLY),
    ("DETACH snapshot", Verdict.NOT_READ_ONLY),
    ("INSTALL httpfs", Verdict.NOT_READ_ONLY),
    ("LOAD httpfs", Verdict.NOT_READ_ONLY),
    ("PRAGMA show_tables", Verdict.RELATION),
    ("CALL pragma_version()", Verdict.NOT_READ_ONLY),
    ("SET enable_external_access = true", Verdict.NOT_READ_ONLY),
    ("SET memory_limit = '64GB'", Verdict.NOT_READ_ONLY),
    ("RESET lock_configuration", Verdict.NOT_READ_ONLY),
    ("CREATE TEMP TABLE t AS SELECT 1", Verdict.NOT_READ_ONLY),
    ("DROP VIEW fct_appraisal", Verdict.NOT_READ_ONLY),
    ("EXPLAIN SELECT 1", Verdict.NOT_READ_ONLY),
    ("SHOW TABLES", Verdict.NOT_READ_ONLY),
    ("SHOW ALL TABLES", Verdict.NOT_READ_ONLY),
    ("SELECT * FROM raw.app__ratings", Verdict.RELATION),
    ("SELECT rater_id FROM app__ratings", Verdict.RELATION),
    ("SELECT * FROM query_table('raw.app__ratings')", Verdict.FUNCTION),
    ("SELECT * FROM query('SELECT * FROM raw.app__ratings')", Verdict.FUNCTION),
    ("SELECT (SELECT max(rater_id) FROM raw.app__ratings) FROM fct_appraisal", Verdict.RELATION),
    ("SELECT * FROM stg_office__staff", Verdict.RELATION),
    ("SELECT * FROM information_schema.tables", Verdict.RELATION),
    ("SELECT * FROM duckdb_tables()", Verdict.FUNCTION),
    ("SELECT * FROM duckdb_databases()", Verdict.FUNCTION),
    ("SELECT * FROM sqlite_master", Verdict.RELATION),
    ("SELECT * FROM __scope_people_full", Verdict.RELATION),
    ("SELECT * FROM temp.main.fct_appraisal", Verdict.RELATION),
    # A CTE name covers only its own query, not a sibling's table of the same name.
    ("SELECT * FROM (WITH pg_tables AS (SELECT 1) SELECT * FROM pg_tables) x, pg_tables",
     Verdict.RELATION),
    ("PIVOT fct_appraisal ON grade USING count(*)", Verdict.MULTIPLE),
    ("SELEC 1", Verdict.SYNTAX),
    ("", Verdict.EMPTY),
    ("-- only a comment", Verdict.EMPTY),
]  # fmt: skip


@pytest.mark.parametrize(("template", "verdict"), HOSTILE, ids=[h[0][:40] for h in HOSTILE])
def test_hostile_statements_are_refused_and_logged(
    snap: Path, store: str, tmp_path: Path, template: str, verdict: Verdict
):
    sql = template.format(out=tmp_path / "out.csv", dir=tmp_path / "exported")
    outcome = run_sql(ANALYST_C, snap, sql, ACTOR)
    assert outcome.check.verdict is verdict
    assert outcome.frame is None
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "exported").exists()
    [event] = audit.events()
    assert (event.actor, event.action, event.rows) == ("analyst_c", "sql", None)
    assert event.outcome == "refused"
    assert f'"verdict": "{verdict}"' in event.detail


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT appraisee_id, total FROM fct_appraisal ORDER BY total DESC",
        "WITH t AS (SELECT * FROM fct_appraisal) SELECT count(*) FROM t",
        "FROM fct_appraisal SELECT appraisee_id",
        "DESCRIBE fct_appraisal",
        "SUMMARIZE fct_appraisal",
        "SELECT * FROM range(3) r, unnest([1, 2]) u",
        "VALUES (1), (2)",
        "SELECT a.appraisee_id FROM fct_appraisal a JOIN dim_person p "
        "ON p.person_id = a.appraisee_id WHERE a.total > (SELECT avg(total) FROM fct_appraisal)",
    ],
)
def test_ordinary_queries_pass(snap: Path, sql: str):
    with scoped_connection(ANALYST_C, snap) as con:
        assert vet(con, sql, ("fct_appraisal", "dim_person")).verdict is Verdict.OK


def test_analyst_sees_own_scope_with_person_level_detail(snap: Path, store: str):
    sql = "SELECT appraisee_id, total FROM fct_appraisal WHERE appraisee_type = 'person'"
    d1 = run_sql(ANALYST_D1, snap, sql + " ORDER BY appraisee_id", ACTOR).frame
    assert d1.values.tolist() == [["P6", 88.0], ["P7", 72.0], ["P8", 69.0]]
    everyone = run_sql(ANALYST_C, snap, "SELECT count(*) AS n FROM dim_person", ACTOR).frame
    assert everyone["n"].tolist() == [9]  # the city and the districts below it
    other = run_sql(ANALYST_D1, snap, "SELECT * FROM fct_appraisal WHERE appraisee_id = 'P3'",
                    ACTOR)  # fmt: skip
    assert other.ok and other.frame.empty


def test_ratings_reach_the_console_only_as_aggregates(snap: Path, store: str):
    rows = run_sql(
        ANALYST_C, snap,
        "SELECT person_id, kind, quantity, value FROM fct_activity "
        "WHERE source_table = 'ratings' ORDER BY person_id",
        ACTOR,
    ).frame  # fmt: skip
    assert rows.values.tolist() == [["P3", "colleague", 3.0, 90.0], ["P7", "colleague", 4.0, 75.0]]
    columns = run_sql(ANALYST_C, snap, "DESCRIBE fct_rating_summary", ACTOR).frame
    assert columns["column_name"].tolist() == [
        "period_id", "appraisee_id", "rater_level", "raters", "mean_score"
    ]  # fmt: skip


def test_the_console_is_for_analysts_and_admins(snap: Path, store: str):
    with pytest.raises(NotPermitted):
        run_sql(STAFF, snap, "SELECT 1", Actor("staff_p3", 3))
    [event] = audit.events()
    assert (event.actor, event.action, event.outcome) == ("staff_p3", "sql", "denied")


def test_unbounded_cross_join_is_stopped(snap: Path, store: str):
    quick = Limits(timeout_seconds=1.0, memory_limit="256MB", threads=1, max_rows=50)
    rows = run_sql(ANALYST_C, snap, "SELECT * FROM fct_activity a, fct_activity b, "
                   "fct_activity c, fct_activity d", ACTOR, limits=quick)  # fmt: skip
    assert rows.truncated and len(rows.frame) == 50  # the row cap ends it at once
    counted = run_sql(
        ANALYST_C, snap,
        "SELECT count(*) FROM fct_activity a, fct_activity b, fct_activity c, fct_activity d, "
        "fct_activity e, fct_activity f, range(1000000) g",
        ACTOR, limits=quick,
    )  # fmt: skip
    assert counted.timed_out and counted.frame is None
    recursive = run_sql(
        ANALYST_C, snap,
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
        ACTOR, limits=quick,
    )  # fmt: skip
    assert recursive.frame is None and (recursive.timed_out or "Memory" in recursive.error)
    assert [e.outcome for e in audit.events()] == [recursive.timed_out and "timeout" or "error",
                                                   "timeout", "ok"]  # fmt: skip
    assert audit.events()[-1].rows == 50


def test_memory_cap(snap: Path, store: str):
    small = Limits(timeout_seconds=20.0, memory_limit="32MB", threads=1, max_rows=10)
    outcome = run_sql(
        ANALYST_C, snap, "SELECT string_agg(range::VARCHAR, ',') FROM range(20000000)", ACTOR,
        limits=small,
    )  # fmt: skip
    assert outcome.frame is None and "Out of Memory" in outcome.error
    assert "snap_" not in outcome.error


def test_every_statement_is_logged_with_its_rows(snap: Path, store: str):
    run_sql(ANALYST_C, snap, "SELECT person_id FROM dim_person WHERE person_id < 'P4'", ACTOR)
    [event] = audit.events()
    assert (event.actor, event.actor_account_id, event.action, event.outcome, event.rows) == (
        "analyst_c", 1, "sql", "ok", 3,
    )  # fmt: skip
    assert "SELECT person_id FROM dim_person WHERE person_id < 'P4'" in event.detail
    assert event.at is not None


def test_operator_sees_every_relation_but_stays_read_only(snap: Path, store: str, tmp_path):
    operator = Actor("cli:root")
    raw = run_sql(None, snap, "SELECT rater_id FROM raw.app__ratings ORDER BY rating_id LIMIT 2",
                  operator)  # fmt: skip
    assert raw.frame["rater_id"].tolist() == ["P2", "P4"]
    for sql in (f"COPY fct_appraisal TO '{tmp_path / 'o.csv'}'",
                "SELECT * FROM read_text('/etc/passwd')", "SELECT 1; SELECT 2",
                "ATTACH ':memory:' AS m", "SET threads = 4"):  # fmt: skip
        assert run_sql(None, snap, sql, operator).check.verdict is not Verdict.OK
    # Behind the statement check, the connection itself refuses files and settings.
    with operator_connection(snap, CONSOLE_LIMITS) as con:
        for sql in (f"COPY fct_appraisal TO '{tmp_path / 'o.csv'}'",
                    "SELECT * FROM read_text('/etc/passwd')",
                    "SET enable_external_access = true"):  # fmt: skip
            with pytest.raises(Exception):  # noqa: B017
                con.execute(sql)
    assert not (tmp_path / "o.csv").exists()


def test_kpi_sql_command(snap: Path, tmp_path: Path):
    env = store_env(tmp_path, KPI_SNAPSHOT=str(snap))
    url = f"sqlite:///{tmp_path}/sources/app.sqlite"
    op = Actor("test")
    accounts.add(op, "ana", ["analyst"], PASSWORD, procuratorate_id="D1", url=url)
    accounts.add(op, "sam", ["staff"], PASSWORD, person_id="P3", url=url)

    scoped = run_kpi(env, "sql", "--user", "ana", "--csv",
                     "SELECT appraisee_id FROM fct_appraisal ORDER BY 1")  # fmt: skip
    assert scoped.returncode == 0, scoped.stderr
    assert scoped.stdout.split() == ["appraisee_id", "P6", "P7", "P8"]
    raw = run_kpi(env, "sql", "--user", "ana", "SELECT * FROM raw.app__ratings")
    assert raw.returncode == 1 and "raw.app__ratings" in raw.stderr
    staff = run_kpi(env, "sql", "--user", "sam", "SELECT 1")
    assert staff.returncode == 3 and "not permitted" in staff.stderr
    everything = run_kpi(env, "sql", "--csv", "SELECT count(*) AS n FROM raw.app__ratings")
    assert everything.stdout.split() == ["n", "9"]
    copy = run_kpi(env, "sql", f"COPY fct_appraisal TO '{tmp_path / 'x.csv'}'")
    assert copy.returncode == 1 and "refused" in copy.stderr
    assert not (tmp_path / "x.csv").exists()

    trail = [(e.actor, e.outcome, e.rows) for e in reversed(audit.events(action="sql", url=url))]
    assert trail[0] == ("ana", "ok", 3)
    assert trail[1] == ("ana", "refused", None)
    assert trail[2] == ("sam", "denied", None)
    assert trail[3][0].startswith("cli:") and trail[3][1:] == ("ok", 1)
    assert trail[4][1] == "refused"
    via = audit.events(user="ana", action="sql", url=url)[-1].detail
    assert '"via": "cli:' in via

"""Closed periods without a build: the store's acts (who may, history, audit), freezing and
serving a period's rows on small hand-made snapshots, and validation refusing an edit to a
version that scored a closed period. The whole pipeline: test_closed_periods_build.py."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from kpi_warehouse import closed_periods, rescored_periods
from kpi_warehouse.specs.closed_versions import closed_version_problems
from kpi_warehouse.specs.loader import load_spec
from kpi_warehouse.specs.validation import validate
from kpi_warehouse.store import accounts, audit, history
from kpi_warehouse.store import closed_periods as closing
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.closed_periods import Archive, ClosedPeriodView
from kpi_warehouse.store.registries.access import NotAllowed
from tests.conftest import REPO

GONGSU = (REPO / "kpi_specs" / "schemes" / "example-gongsu-2026.yaml").read_text(encoding="utf-8")
PASSWORD = "closing-pass-2026"

# ---------------------------------------------------------------- the store's acts


@pytest.fixture()
def store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    admin = Actor("test")
    accounts.add(admin, "office", ["appraisal_office"], PASSWORD, procuratorate_id="P", url=url)
    accounts.add(admin, "boss", ["admin"], PASSWORD, url=url)
    accounts.add(admin, "head", ["dept_head"], PASSWORD, org_unit_id="P-gongsu", url=url)
    return url


def _archive(file: str = "2026Q1-x.duckdb") -> Archive:
    return Archive(file, "0" * 64, {"fct_appraisal": {"rows": 2, "md5": "m"}}, {})


def test_only_the_appraisal_office_or_an_admin_closes_and_reopens(store: str) -> None:
    head = accounts.find("head", store)
    with pytest.raises(NotAllowed, match="appraisal office"):
        closing.close(head, "2026Q1", _archive(), store)
    assert closing.periods(store) == []
    closed = closing.close(accounts.find("office", store), "2026Q1", _archive(), store)
    assert closed.is_closed and closed.closed_by == "office"
    with pytest.raises(NotAllowed):
        closing.reopen(head, "2026Q1", "a reason given", store)
    with pytest.raises(closing.PeriodError, match="already closed"):
        closing.close(accounts.find("boss", store), "2026Q1", _archive(), store)


def test_reopening_needs_a_reason_and_both_acts_are_recorded(store: str) -> None:
    office = accounts.find("office", store)
    closing.close(office, "2026Q1", _archive("2026Q1-a.duckdb"), store)
    with pytest.raises(closing.PeriodError, match="reason"):
        closing.reopen(office, "2026Q1", "  ", store)
    with pytest.raises(closing.PeriodError, match="not closed"):
        closing.reopen(office, "2026Q2", "wrong period", store)
    closing.reopen(accounts.find("boss", store), "2026Q1", "申诉复核改分", store)
    assert closing.closed(store) == []
    [row] = closing.periods(store)
    assert (row.status, row.reopened_by, row.reopen_reason) == ("reopened", "boss", "申诉复核改分")
    # Closed again after reopening: a new archive, the freeze back on.
    closing.close(office, "2026Q1", _archive("2026Q1-b.duckdb"), store)
    assert [p.archive.file for p in closing.closed(store)] == ["2026Q1-b.duckdb"]
    acts = history.of(closing.TABLE, "2026Q1", store)
    assert [(h.act, h.actor, h.reason) for h in acts] == [
        ("close", "office", None),
        ("reopen", "boss", "申诉复核改分"),
        ("close", "office", None),
    ]
    assert json.loads(acts[1].before)["status"] == "closed"
    assert json.loads(acts[1].after)["status"] == "reopened"
    logged = [(e.action, e.actor, e.target) for e in audit.events(url=store)]
    assert logged[:3] == [
        ("period_close", "office", "2026Q1"),
        ("period_reopen", "boss", "2026Q1"),
        ("period_close", "office", "2026Q1"),
    ]


# ---------------------------------------------------------------- freezing and serving

SNAPSHOT_DDL = """
CREATE TABLE dim_period (period_id VARCHAR, period_type VARCHAR, start_date DATE, end_date DATE);
CREATE TABLE fct_indicator_score (indicator_score_id VARCHAR, spec_id VARCHAR,
    spec_version VARCHAR, appraisee_type VARCHAR, appraisee_id VARCHAR, period_id VARCHAR,
    points DOUBLE);
CREATE TABLE fct_evidence (indicator_score_id VARCHAR, activity_id VARCHAR, points DOUBLE);
CREATE TABLE fct_activity (activity_id VARCHAR, person_id VARCHAR, activity_date DATE,
    period_id VARCHAR, value DOUBLE);
CREATE TABLE fct_appraisal (spec_id VARCHAR, spec_version VARCHAR, appraisee_type VARCHAR,
    appraisee_id VARCHAR, period_id VARCHAR, org_unit_id VARCHAR, total DOUBLE, grade VARCHAR);
CREATE SCHEMA specs;
CREATE TABLE specs.spec_versions (spec_id VARCHAR, version VARCHAR, effective_from DATE,
    effective_to DATE, title VARCHAR, file VARCHAR, sha256 VARCHAR, spec_json VARCHAR);
INSERT INTO dim_period VALUES ('2026Q1', 'quarter', '2026-01-01', '2026-03-31'),
    ('2026Q2', 'quarter', '2026-04-01', '2026-06-30');
INSERT INTO fct_indicator_score VALUES ('S1', 'g', '1', 'person', 'P1', '2026Q1', 8.0),
    ('S2', 'g', '1', 'person', 'P2', '2026Q1', 6.5),
    ('S3', 'g', '1', 'person', 'P1', '2026Q2', 7.0);
INSERT INTO fct_evidence VALUES ('S1', 'A1', 2.0), ('S1', 'A2', 6.0), ('S2', 'A3', 6.5),
    ('S3', 'A4', 7.0);
INSERT INTO fct_activity VALUES ('A1', 'P1', '2026-02-03', '2026Q1', 1),
    ('A2', 'P1', '2026-03-05', '2026Q1', 3), ('A3', 'P2', '2026-01-20', '2026Q1', 1),
    ('A4', 'P1', '2026-05-01', '2026Q2', 1);
INSERT INTO fct_appraisal VALUES ('g', '1', 'person', 'P1', '2026Q1', 'U', 8.0, '良好'),
    ('g', '1', 'person', 'P2', '2026Q1', 'U', 6.5, '称职'),
    ('g', '1', 'person', 'P1', '2026Q2', 'U', 7.0, '称职');
INSERT INTO specs.spec_versions VALUES ('g', '1', '2026-01-01', NULL, 'G', 'g.yaml', 'abc', '{}');
"""

# What a later build computes: Q1 and Q2 both changed (points, a record gone, a record
# added, a record moved from February to April, a new person).
REBUILD = """
UPDATE fct_indicator_score SET points = 9.0 WHERE indicator_score_id = 'S1';
UPDATE fct_indicator_score SET points = 7.5 WHERE indicator_score_id = 'S2';
UPDATE fct_indicator_score SET points = 4.0 WHERE indicator_score_id = 'S3';
INSERT INTO fct_indicator_score VALUES ('S9', 'g', '1', 'person', 'P3', '2026Q1', 3.0);
DELETE FROM fct_evidence WHERE activity_id = 'A2';
DELETE FROM fct_activity WHERE activity_id = 'A2';
INSERT INTO fct_activity VALUES ('A5', 'P2', '2026-03-30', '2026Q1', 1);
INSERT INTO fct_evidence VALUES ('S2', 'A5', 1.0);
UPDATE fct_activity SET activity_date = '2026-04-02', period_id = '2026Q2' WHERE activity_id = 'A1';
UPDATE fct_appraisal SET total = 7.5 WHERE appraisee_id = 'P2';
UPDATE fct_appraisal SET total = 4.0, grade = '不称职' WHERE period_id = '2026Q2';
"""


def _rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture()
def snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KPI_SPECS_DIR", str(tmp_path / "specs"))
    path = tmp_path / "published.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(SNAPSHOT_DDL)
    return path


def _closed(archive: Archive, period: str = "2026Q1") -> ClosedPeriodView:
    return ClosedPeriodView(
        period, "closed", datetime(2026, 4, 5), "office", archive, None, None, None
    )


def _rebuild(snapshot: Path, tmp_path: Path) -> Path:
    build = tmp_path / "copy.duckdb"
    build.write_bytes(snapshot.read_bytes())
    with duckdb.connect(str(build)) as con:
        con.execute(REBUILD)
    return build


def test_a_closed_period_is_served_as_archived_and_open_periods_as_rebuilt(
    snapshot: Path, tmp_path: Path
) -> None:
    archive = closed_periods.freeze(snapshot, "2026Q1")
    assert {m: d["rows"] for m, d in archive.results_digest.items()} == {
        "dim_period": 1,
        "fct_indicator_score": 2,
        "fct_evidence": 3,
        "fct_activity": 3,
        "fct_appraisal": 2,
    }
    assert list(archive.spec_versions) == ["g@2026-01-01"]
    build = _rebuild(snapshot, tmp_path)
    with duckdb.connect(str(build)) as con:
        served = closed_periods.serve_frozen(con, [_closed(archive)])
    assert served == ["2026Q1"]
    assert _rows(
        build,
        "SELECT indicator_score_id, appraisee_id, period_id, points "
        "FROM fct_indicator_score ORDER BY ALL",
    ) == [
        ("S1", "P1", "2026Q1", 8.0),  # as closed, not 9.0
        ("S2", "P2", "2026Q1", 6.5),  # as closed, not 7.5
        ("S3", "P1", "2026Q2", 4.0),  # open: the rebuild's
    ]  # S9 (a person new to the closed quarter) is not served
    assert _rows(build, "SELECT * FROM fct_evidence ORDER BY ALL") == [
        ("S1", "A1", 2.0), ("S1", "A2", 6.0), ("S2", "A3", 6.5), ("S3", "A4", 7.0),
    ]  # fmt: skip
    dates = "SELECT activity_id, activity_date::VARCHAR FROM fct_activity ORDER BY 1"
    assert _rows(build, dates) == [
        ("A1", "2026-02-03"), ("A2", "2026-03-05"), ("A3", "2026-01-20"), ("A4", "2026-05-01"),
    ]  # fmt: skip
    assert _rows(build, "SELECT appraisee_id, period_id, total, grade FROM fct_appraisal "
                 "ORDER BY ALL") == [
        ("P1", "2026Q1", 8.0, "良好"),
        ("P1", "2026Q2", 4.0, "不称职"),
        ("P2", "2026Q1", 6.5, "称职"),
    ]  # fmt: skip
    assert _rows(build, "SELECT period_id, closed_by FROM meta_closed_period") == [
        ("2026Q1", "office")
    ]


def test_an_altered_or_missing_archive_stops_the_publish(snapshot: Path, tmp_path: Path) -> None:
    archive = closed_periods.freeze(snapshot, "2026Q1")
    path = closed_periods.archive_dir() / archive.file
    build = _rebuild(snapshot, tmp_path)
    with duckdb.connect(str(build)) as con:
        with open(path, "ab") as fh:
            fh.write(b"\0")
        with pytest.raises(closed_periods.ClosedPeriodError, match="checksum"):
            closed_periods.serve_frozen(con, [_closed(archive)])
        path.unlink()
        with pytest.raises(closed_periods.ClosedPeriodError, match="missing"):
            closed_periods.serve_frozen(con, [_closed(archive)])
    # A digest recorded at close that the served rows do not reproduce: refused too.
    archive = closed_periods.freeze(snapshot, "2026Q1")
    wrong = dict(archive.results_digest, fct_appraisal={"rows": 2, "md5": "0" * 32})
    with duckdb.connect(str(build)) as con, pytest.raises(closed_periods.ClosedPeriodError):
        closed_periods.serve_frozen(
            con, [_closed(Archive(archive.file, archive.sha256, wrong, {}))]
        )


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("ALTER TABLE fct_evidence ADD COLUMN note VARCHAR", "only in this build: note"),
        ("ALTER TABLE fct_activity DROP COLUMN value", "only in the archive: value"),
    ],
)
def test_an_archive_of_another_shape_stops_the_publish_by_name(
    snapshot: Path, tmp_path: Path, change: str, named: str
) -> None:
    # A later version of the product changed a frozen mart's columns: the archive's rows
    # cannot be served as they were; the publish stops naming the period, table and columns
    # (the build file is left as it was: nothing of it replaced).
    archive = closed_periods.freeze(snapshot, "2026Q1")
    build = _rebuild(snapshot, tmp_path)
    with duckdb.connect(str(build)) as con:
        con.execute(change)
        with pytest.raises(closed_periods.ClosedPeriodError) as caught:
            closed_periods.serve_frozen(con, [_closed(archive)])
    message = str(caught.value)
    assert "2026Q1" in message and named in message and "reopen the period" in message
    assert "重新开放" in message
    assert _rows(
        build, "SELECT points FROM fct_indicator_score WHERE indicator_score_id = 'S1'"
    ) == [(9.0,)]


def test_a_period_without_results_cannot_be_closed(snapshot: Path) -> None:
    with pytest.raises(closed_periods.ClosedPeriodError, match="no results for period 2026Q3"):
        closed_periods.freeze(snapshot, "2026Q3")
    assert not list(closed_periods.archive_dir().glob("*.duckdb"))


def _earlier(build: Path) -> list[tuple]:
    return _rows(
        build,
        "SELECT period_id, appraisee_id, spec_version, org_unit_id, category, total, "
        "rank_in_category, grade, closed_by, reopened_by, reopen_reason, archive_file "
        "FROM fct_rescored_appraisal ORDER BY ALL",
    )


def test_a_reopened_period_publishes_its_earlier_results_beside_the_rescored_ones(
    snapshot: Path, tmp_path: Path, store: str
) -> None:
    office, boss = accounts.find("office", store), accounts.find("boss", store)
    first = closed_periods.freeze(snapshot, "2026Q1")
    closing.close(office, "2026Q1", first, store)
    build = _rebuild(snapshot, tmp_path)
    # Nothing reopened yet: the table is there, empty.
    with duckdb.connect(str(build)) as con:
        assert rescored_periods.write_rescored(con, closing.reopenings(store)) == 0
    assert _earlier(build) == []

    closing.reopen(boss, "2026Q1", "申诉复核改分", store)
    [reopening] = closing.reopenings(store)
    [row] = closing.periods(store)
    assert (reopening.closed_at, reopening.reopened_at) == (row.closed_at, row.reopened_at)
    with duckdb.connect(str(build)) as con:
        closed_periods.serve_frozen(con, closing.closed(store))  # none is closed now
        assert rescored_periods.write_rescored(con, [reopening]) == 2
    # The rebuild's 2026Q1 (P2 7.5) is served; the archive's rows (P1 8.0 良好, P2 6.5 称职)
    # stand beside it. The hand-made fct_appraisal has no category or rank: NULL.
    assert _rows(build, "SELECT appraisee_id, total FROM fct_appraisal "
                 "WHERE period_id = '2026Q1' ORDER BY 1") == [("P1", 8.0), ("P2", 7.5)]  # fmt: skip
    earlier = [
        ("2026Q1", "P1", "1", "U", None, 8.0, None, "良好", "office", "boss", "申诉复核改分",
         first.file),
        ("2026Q1", "P2", "1", "U", None, 6.5, None, "称职", "office", "boss", "申诉复核改分",
         first.file),
    ]  # fmt: skip
    assert _earlier(build) == earlier
    when = _rows(build, "SELECT DISTINCT closed_at, reopened_at FROM fct_rescored_appraisal")
    assert when == [(row.closed_at, row.reopened_at)]

    # Closed again (a new archive, served frozen): the result before the reopening stays.
    second = closed_periods.freeze(build, "2026Q1")
    closing.close(office, "2026Q1", second, store)
    assert [r.archive_file for r in closing.reopenings(store)] == [first.file]
    with duckdb.connect(str(build)) as con:
        assert rescored_periods.write_rescored(con, closing.reopenings(store)) == 2
    assert _earlier(build) == earlier

    # The earlier results' archive altered: the publish stops, as for a closed period.
    with open(closed_periods.archive_dir() / first.file, "ab") as fh:
        fh.write(b"\0")
    with (
        duckdb.connect(str(build)) as con,
        pytest.raises(closed_periods.ClosedPeriodError, match="re-scored period 2026Q1"),
    ):
        rescored_periods.write_rescored(con, closing.reopenings(store))


# ---------------------------------------------------------------- validation


def _line(text: str, marker: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if marker in t)


def _closed_version(
    path: Path, period: str = "2026Q1", end: str = "2026-03-31"
) -> ClosedPeriodView:
    spec = load_spec(path)
    record = {
        "spec_id": spec.spec_id,
        "effective_from": spec.effective_from.isoformat(),
        "version": spec.version,
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "spec": spec.model_dump(mode="json"),
        "text": path.read_text(encoding="utf-8"),
        "period_end": end,
    }
    archive = Archive(f"{period}.duckdb", "0" * 64, {}, {"example-gongsu@2026-01-01": record})
    return _closed(archive, period)


def _problems(folder: Path, closed: list[ClosedPeriodView]) -> list:
    files = sorted(folder.glob("*.yaml"))
    return closed_version_problems([(f, load_spec(f)) for f in files], closed, folder)


def test_editing_a_version_that_scored_a_closed_period_is_refused_with_its_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gongsu.yaml"
    path.write_text(GONGSU, encoding="utf-8")
    closed = [_closed_version(path)]
    assert _problems(tmp_path, closed) == []
    edited = GONGSU.replace(
        "{type: per_item, points: 2, max: 20}", "{type: per_item, points: 3, max: 20}"
    )
    path.write_text(edited, encoding="utf-8")
    [p] = _problems(tmp_path, closed)
    assert (p.file, p.line, p.field, p.severity) == (
        str(path),
        _line(edited, "points: 3, max: 20"),
        "indicators.1.rule.points",
        "error",
    )
    assert "2026Q1" in p.message_zh and "2026-04-01" in p.message_zh
    assert "closed period(s) 2026Q1" in p.message_en and "2026-04-01" in p.message_en
    # A comment is an edit of the file too: located at the line that changed.
    path.write_text(GONGSU.replace("title:", "# 备注\ntitle:"), encoding="utf-8")
    [p] = _problems(tmp_path, closed)
    assert (p.line, p.field) == (_line(GONGSU, "title:"), "(file)")


def test_a_successor_from_after_the_closed_period_is_fine_and_an_earlier_one_is_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gongsu.yaml"
    path.write_text(GONGSU, encoding="utf-8")
    closed = [_closed_version(path)]
    successor = GONGSU.replace('version: "2026.1"', 'version: "2026.2"').replace(
        "points: 2, max: 20", "points: 3, max: 20"
    )
    # The old version ends 2026-06-30, the new one starts 2026-07-01: the closed quarter
    # (ending 2026-03-31) keeps its version.
    old = GONGSU.replace(
        "effective_from: 2026-01-01", "effective_from: 2026-01-01\neffective_to: 2026-06-30"
    )
    path.write_text(old, encoding="utf-8")
    (tmp_path / "gongsu-2.yaml").write_text(
        successor.replace("effective_from: 2026-01-01", "effective_from: 2026-07-01"),
        encoding="utf-8",
    )
    assert _problems(tmp_path, closed) == []
    # From 2026-03-01 the new version would be in force on 2026-03-31: both ends refused.
    early_old = GONGSU.replace(
        "effective_from: 2026-01-01", "effective_from: 2026-01-01\neffective_to: 2026-02-28"
    )
    path.write_text(early_old, encoding="utf-8")
    new_text = successor.replace("effective_from: 2026-01-01", "effective_from: 2026-03-01")
    (tmp_path / "gongsu-2.yaml").write_text(new_text, encoding="utf-8")
    found = sorted((Path(p.file).name, p.field, p.line) for p in _problems(tmp_path, closed))
    assert found == [
        ("gongsu-2.yaml", "effective_from", _line(new_text, "effective_from")),
        ("gongsu.yaml", "effective_to", _line(early_old, "effective_to")),
    ]
    # The closed version's file removed while its successor stays: refused, naming the file.
    path.unlink()
    (tmp_path / "gongsu-2.yaml").write_text(
        successor.replace("effective_from: 2026-01-01", "effective_from: 2026-07-01"),
        encoding="utf-8",
    )
    [p] = _problems(tmp_path, closed)
    assert p.file == str(tmp_path / "gongsu.yaml") and "2026Q1" in p.message_zh


def test_kpi_validate_reports_the_edit(tmp_path: Path) -> None:
    path = tmp_path / "gongsu.yaml"
    path.write_text(GONGSU, encoding="utf-8")
    closed = [_closed_version(path)]
    path.write_text(GONGSU.replace("points: 2, max: 20", "points: 1, max: 20"), encoding="utf-8")
    report = validate([tmp_path], tmp_path, None, date(2026, 5, 1), closed=closed)
    assert [(e.field, e.line) for e in report.errors] == [
        ("indicators.1.rule.points", _line(GONGSU, "points: 2, max: 20"))
    ]

"""Closed periods in the pipeline: freezing a period's published rows, and serving them.

**Where the freeze lives (decision).** Closing a period copies its rows of every
period-keyed mart (``FROZEN_MARTS``) out of the published snapshot into an archive file,
``$KPI_DATA_DIR/closed_periods/<period>-<UTC time>.duckdb`` — DuckDB, so every value keeps
its exact type — whose SHA-256, per-mart row digest and scoring spec versions the store
records (``kpi_warehouse.store.closed_periods``). Each later build computes everything as
usual (dbt knows nothing of closing); the publish step, on its private copy of the build,
replaces the rows of each closed period with the archived rows, checks the archive's
SHA-256 before and the served rows' digest after, and only then stamps and swaps the
snapshot. A missing or altered archive, or a digest that does not match, stops the publish
(the last snapshot keeps serving). The snapshot's ``meta_closed_period`` lists the periods
served frozen (empty when none is). Once a period is reopened, its archive still gives the
results it had, published beside the new ones (``rescored_periods``).

Consequences: the marts of open periods are computed from the current sources and specs,
so a roll-up of an open year is graded from its quarters as they are scored now, closed or
not — close the year too when its result must stay. A record moved out of a closed period's
dates later stays shown in the closed period (its archived evidence), not in the new one.
The archive folder is part of the record: back it up with the store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from kpi_warehouse.config import settings
from kpi_warehouse.store.closed_periods import Archive, ClosedPeriodView

# mart → which of its rows belong to a period ($period, $start, $end; {db} the catalog).
FROZEN_MARTS: dict[str, str] = {
    "dim_period": "period_id = $period",
    "fct_indicator_score": "period_id = $period",
    "fct_evidence": "indicator_score_id IN (SELECT indicator_score_id FROM {db}.fct_indicator_score"
    " WHERE period_id = $period)",
    "fct_evidence_record": "indicator_score_id IN (SELECT indicator_score_id FROM"
    " {db}.fct_indicator_score WHERE period_id = $period)",
    "fct_activity": "activity_date BETWEEN $start AND $end",
    "fct_rating_group": "period_id = $period",
    "fct_appraisal": "period_id = $period",
    "fct_payout": "period_id = $period",
    "fct_annual_result": "period_id = $period",
    "fct_org_unit_appraisal": "period_id = $period",
    "fct_indicator_coverage": "period_id = $period",
    "fct_indicator_driver": "period_id = $period",
    "fct_rater_leniency": "period_id = $period",
    "fct_result_movement": "period_id = $period",
    "fct_case_quality_monthly": "month_start BETWEEN $start AND $end",
}
# Rows of these marts whose key is archived are replaced even outside the period's window.
_KEYS = {
    "fct_activity": "activity_id",
    "fct_evidence": "indicator_score_id",
    "fct_evidence_record": "indicator_score_id",
}
# Replaced first: which of their rows are the period's is read from its indicator scores.
_BY_SCORE = ("fct_evidence", "fct_evidence_record")
META_TABLE = "meta_closed_period"
META_DESCRIPTION = "The closed periods whose results this snapshot serves frozen from their archive"
META_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("period_id", "VARCHAR", "The closed period"),
    ("closed_at", "TIMESTAMP", "When it was closed (UTC)"),
    ("closed_by", "VARCHAR", "The account that closed it"),
    ("archive_file", "VARCHAR", "The archive file its rows are served from"),
    ("archive_sha256", "VARCHAR", "SHA-256 of that file, checked before serving"),
)


class ClosedPeriodError(RuntimeError):
    """A period cannot be closed, or its archive cannot be served."""


@dataclass(frozen=True)
class Window:
    period_id: str
    start: date
    end: date

    def params(self, sql: str) -> dict[str, object]:
        """The named parameters ``sql`` uses (DuckDB refuses unused ones)."""
        values = {"period": self.period_id, "start": self.start, "end": self.end}
        return {k: v for k, v in values.items() if f"${k}" in sql}


def archive_dir() -> Path:
    return settings().data_dir / "closed_periods"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def path_literal(path: Path) -> str:
    """``path`` as a SQL string literal (ATTACH takes no parameter)."""
    return "'" + str(path).replace("'", "''") + "'"


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'",
        [catalog],
    ).fetchall()
    return {r[0] for r in rows}


def table_columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[str]:
    """The columns of ``catalog``.main.``table``, in their order."""
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? "
        "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [catalog, table],
    ).fetchall()
    return [r[0] for r in rows]


def _check_shapes(
    con: duckdb.DuckDBPyConnection, period_id: str, alias: str, catalog: str, marts: list[str]
) -> None:
    """Refuse an archive whose tables have other columns than this build's (an archive made
    by a version of the product before a mart changed shape): its rows cannot be served as
    they were, and the publish would otherwise stop on a database error."""
    for mart in marts:
        archived, built = table_columns(con, alias, mart), table_columns(con, catalog, mart)
        if set(archived) != set(built):
            only_archive = ", ".join(c for c in archived if c not in built) or "-"
            only_build = ", ".join(c for c in built if c not in archived) or "-"
            raise ClosedPeriodError(
                f"已结账考核期 {period_id} 的存档是旧版本生成的：数据表 {mart} 的字段已变"
                f"（存档独有：{only_archive}；本次构建独有：{only_build}）。不发布，上一版快照"
                f"继续服务；请重新开放该期并再次结账 / the archive of closed period {period_id} "
                f"was made by an earlier version: table {mart} changed its columns (only in the "
                f"archive: {only_archive}; only in this build: {only_build}). Not published, "
                "the last snapshot keeps serving; reopen the period and close it again"
            )


def _where(mart: str, catalog: str) -> str:
    return FROZEN_MARTS[mart].format(db=f"{_q(catalog)}.main")


def window(con: duckdb.DuckDBPyConnection, catalog: str, period_id: str) -> Window | None:
    row = con.execute(
        f"SELECT start_date, end_date FROM {_q(catalog)}.main.dim_period WHERE period_id = ?",
        [period_id],
    ).fetchone()
    return None if row is None else Window(period_id, row[0], row[1])


def results_digest(
    con: duckdb.DuckDBPyConnection, catalog: str, w: Window, marts: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Per mart, the period's row count and the MD5 of its rows as text, sorted: equal
    digests mean the same rows, value for value."""
    out = {}
    for mart in marts:
        rel = f"{_q(catalog)}.main.{_q(mart)}"
        where = _where(mart, catalog)
        rows, digest = con.execute(
            f"SELECT count(*), md5(coalesce(string_agg(r::VARCHAR, chr(10) ORDER BY r::VARCHAR),"
            f" '')) FROM (SELECT t AS r FROM {rel} AS t WHERE {where})",
            w.params(where),
        ).fetchone()
        out[mart] = {"rows": int(rows), "md5": digest}
    return out


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file (an archive's checksum), read 1 MiB at a time."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _scoring_versions(
    con: duckdb.DuckDBPyConnection, w: Window, specs_dir: Path
) -> dict[str, dict[str, Any]]:
    """The spec versions in force on the period's last day of every spec that has results
    in it: their file, hash and model (and text, when the file is still as it was)."""
    sql = (
        "SELECT spec_id, effective_from, version, file, sha256, spec_json "
        "FROM snap.specs.spec_versions v WHERE effective_from <= $end "
        "AND (effective_to IS NULL OR effective_to >= $end) AND spec_id IN ("
        "SELECT spec_id FROM snap.main.fct_indicator_score WHERE period_id = $period UNION "
        "SELECT spec_id FROM snap.main.fct_appraisal WHERE period_id = $period)"
    )
    rows = con.execute(sql, w.params(sql)).fetchall()
    out: dict[str, dict[str, Any]] = {}
    for spec_id, start, version, file, digest, spec_json in rows:
        path = specs_dir / file
        text = None
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest:
            text = path.read_text(encoding="utf-8-sig")
        out[f"{spec_id}@{start.isoformat()}"] = {
            "spec_id": spec_id,
            "effective_from": start.isoformat(),
            "version": version,
            "file": file,
            "sha256": digest,
            "spec": json.loads(spec_json),
            "text": text,
            "period_end": w.end.isoformat(),
        }
    return out


def freeze(snapshot: Path, period_id: str, folder: Path | None = None) -> Archive:
    """Copy the period's rows of every frozen mart of ``snapshot`` into a new archive file."""
    folder = folder or archive_dir()
    if not snapshot.exists():
        raise ClosedPeriodError(
            f"还没有已发布的快照（{snapshot}），无法结账 / no published snapshot ({snapshot}) "
            "to close a period from"
        )
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{period_id}-{stamp}.duckdb"
    try:
        with duckdb.connect(str(path)) as con:
            con.execute(f"ATTACH {path_literal(snapshot)} AS snap (READ_ONLY)")
            w = window(con, "snap", period_id)
            appraised = 0
            if w is not None:
                appraised = con.execute(
                    "SELECT count(*) FROM snap.main.fct_appraisal WHERE period_id = ?", [period_id]
                ).fetchone()[0]
            if w is None or not appraised:
                raise ClosedPeriodError(
                    f"已发布的快照中没有考核期 {period_id} 的结果，无法结账 / the published "
                    f"snapshot has no results for period {period_id}: nothing to close"
                )
            marts = [m for m in FROZEN_MARTS if m in _tables(con, "snap")]
            for mart in marts:
                where = _where(mart, "snap")
                con.execute(
                    f"CREATE TABLE main.{_q(mart)} AS SELECT * FROM snap.main.{_q(mart)} "
                    f"WHERE {where}",
                    w.params(where),
                )
            versions = _scoring_versions(con, w, settings().specs_dir)
            catalog = con.execute("SELECT current_database()").fetchone()[0]
            digest = results_digest(con, catalog, w, marts)
            con.execute("DETACH snap")
            con.execute("CHECKPOINT")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Archive(path.name, file_sha256(path), digest, versions)


def _check_archive(period: ClosedPeriodView, folder: Path) -> Path:
    path = folder / period.archive.file
    if not path.is_file():
        raise ClosedPeriodError(
            f"已结账考核期 {period.period_id} 的存档文件 {path} 不存在：不发布 / the archive "
            f"{path} of closed period {period.period_id} is missing: not published"
        )
    if file_sha256(path) != period.archive.sha256:
        raise ClosedPeriodError(
            f"已结账考核期 {period.period_id} 的存档文件 {path} 已被改动（校验和不符）：不发布 / "
            f"the archive {path} of closed period {period.period_id} was altered (checksum "
            "mismatch): not published"
        )
    return path


def serve_frozen(
    con: duckdb.DuckDBPyConnection,
    periods: Sequence[ClosedPeriodView],
    folder: Path | None = None,
) -> list[str]:
    """In the publish copy ``con``: replace each closed period's rows with its archive's,
    then check that the served rows are the archived ones. Returns the periods served."""
    folder = folder or archive_dir()
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    present = _tables(con, catalog)
    served = []
    for n, period in enumerate(sorted(periods, key=lambda p: p.closed_at)):
        path = _check_archive(period, folder)
        alias = f"frozen_{n}"
        con.execute(f"ATTACH {path_literal(path)} AS {alias} (READ_ONLY)")
        try:
            w = window(con, alias, period.period_id)
            if w is None:
                raise ClosedPeriodError(
                    f"已结账考核期 {period.period_id} 的存档中没有该期 / the archive of closed "
                    f"period {period.period_id} does not hold the period"
                )
            archived = [m for m in FROZEN_MARTS if m in _tables(con, alias)]
            missing = [m for m in archived if m not in present]
            if missing:
                raise ClosedPeriodError(
                    f"构建缺少已结账考核期 {period.period_id} 的数据表 {', '.join(missing)} / the "
                    f"build lacks table(s) {', '.join(missing)} of closed period {period.period_id}"
                )
            _check_shapes(con, period.period_id, alias, catalog, archived)
            for mart in sorted(archived, key=lambda m: m not in _BY_SCORE):
                where = _where(mart, catalog)
                if mart in _KEYS:
                    key = _KEYS[mart]
                    where = f"({where}) OR {key} IN (SELECT {key} FROM {alias}.main.{_q(mart)})"
                con.execute(f"DELETE FROM main.{_q(mart)} WHERE {where}", w.params(where))
                con.execute(
                    f"INSERT INTO main.{_q(mart)} BY NAME SELECT * FROM {alias}.main.{_q(mart)}"
                )
        finally:
            con.execute(f"DETACH {alias}")
        served.append((period, w))
    for period, w in served:
        recorded = period.archive.results_digest
        now = results_digest(con, catalog, w, list(recorded))
        if now != recorded:
            changed = [m for m in recorded if now.get(m) != recorded[m]]
            raise ClosedPeriodError(
                f"已结账考核期 {period.period_id} 发布的结果与存档不符（{', '.join(changed)}）："
                f"不发布 / the results of closed period {period.period_id} would differ from "
                f"its archive ({', '.join(changed)}): not published"
            )
    # Always there (empty when no period is closed), so readers can rely on it.
    con.execute(
        f"CREATE OR REPLACE TABLE main.{META_TABLE} ("
        + ", ".join(f"{name} {kind}" for name, kind, _ in META_COLUMNS)
        + ")"
    )
    for period, _ in served:
        con.execute(
            f"INSERT INTO main.{META_TABLE} VALUES (?, ?, ?, ?, ?)",
            [
                period.period_id,
                period.closed_at,
                period.closed_by,
                period.archive.file,
                period.archive.sha256,
            ],
        )
    return [p.period_id for p, _ in served]

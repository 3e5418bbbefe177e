"""Publish the warehouse: checks, then an atomic swap of a finished read-only snapshot.

Readers (dashboards, ``kpi sql``) only ever open the published file read-only. The build file
is copied to a temporary name beside the snapshot, stamped, fsynced and moved into place with
``os.replace``: a reader sees the old snapshot or the new one, never a half-written file, and
a failed run never reaches this step. ``meta_snapshot`` is stamped from ``specs.spec_versions``
in the build itself: the spec versions (and their files' hashes) that were scored, with the
sources' watermarks, the dbt invocation and a content hash (``snapshot_meta``).
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from kpi_warehouse import schema_docs
from kpi_warehouse import snapshot_meta as meta
from kpi_warehouse.extract.specs import TABLE as SPEC_TABLE
from kpi_warehouse.extract.specs import spec_stamp

REQUIRED_MARTS = (
    "dim_org_unit",
    "dim_person",
    "dim_period",
    "dim_indicator",
    "fct_activity",
    "fct_indicator_score",
    "fct_appraisal",
    "fct_evidence",
    "fct_evidence_record",
    "fct_rating_group",
    "fct_data_quality",
    "fct_annual_result",
    "fct_payout",
    "fct_org_unit_appraisal",
    "fct_case_quality_monthly",
    "fct_indicator_driver",
    "fct_rater_leniency",
    "fct_result_movement",
    "fct_indicator_coverage",
)


class PublishBlocked(RuntimeError):
    """A pre-publish check failed; the previous snapshot keeps serving."""


def check_build(build_db: Path) -> dict[str, int]:
    """Checks that gate publishing; returns row counts of the marts."""
    problems: list[str] = []
    with duckdb.connect(str(build_db), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        missing = [m for m in REQUIRED_MARTS if m not in tables]
        if "spec_versions" not in tables:
            missing.append(SPEC_TABLE)
        if missing:
            raise PublishBlocked(f"缺少数据表 / missing tables: {', '.join(missing)}")
        counts = {m: con.execute(f"SELECT count(*) FROM {m}").fetchone()[0] for m in REQUIRED_MARTS}
        for m in ("dim_person", "fct_indicator_score", "fct_appraisal"):
            if counts[m] == 0:
                problems.append(f"{m} 为空 / {m} is empty")
        over = con.execute(
            "SELECT count(*) FROM fct_indicator_score WHERE points > max_points + 1e-9"
        ).fetchone()[0]
        if over:
            problems.append(f"{over} 行得分超过满分 / {over} scores exceed their maximum")
    if problems:
        raise PublishBlocked("；".join(problems))
    return counts


def tmp_name(snapshot: Path) -> Path:
    return snapshot.with_name(f".{snapshot.name}.{os.getpid()}.tmp")


def remove_stale_tmp(snapshot: Path) -> list[Path]:
    """Delete copies left by a publish that was killed (call only while holding the writer
    lock: no other publish can be under way)."""
    stale = sorted(snapshot.parent.glob(f".{snapshot.name}.*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def publish(
    build_db: Path,
    snapshot: Path,
    dbt_target: Path | None = None,
    prepare: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    inputs_sha256: str | None = None,
) -> Path:
    """Copy the checked build to ``snapshot`` atomically, stamped with ``meta_snapshot``
    (see ``snapshot_meta``; ``dbt_target`` holds the dbt run's ``run_results.json``).
    ``prepare`` edits the copy before it is stamped (closed periods, the headcount guard);
    raising there leaves the published snapshot as it was. ``inputs_sha256``: the
    fingerprint of what the build read (``build_inputs``), stamped for the next build."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_tmp(snapshot)
    tmp = tmp_name(snapshot)
    try:
        shutil.copyfile(build_db, tmp)
        with duckdb.connect(str(tmp)) as con:
            _drop_working_views(con)
            con.execute("DROP SCHEMA IF EXISTS kpi_state CASCADE")  # the build's bookkeeping
            if prepare is not None:
                prepare(con)
            stamp = spec_stamp(con)
            meta.write(
                con,
                {
                    "built_at": datetime.now(UTC).replace(tzinfo=None),
                    "spec_versions": meta.as_json({k: v["version"] for k, v in stamp.items()}),
                    "spec_sha256": meta.as_json({k: v["sha256"] for k, v in stamp.items()}),
                    "sources": meta.as_json(meta.source_watermarks(con)),
                    "dbt_invocation": meta.as_json(meta.dbt_invocation(dbt_target))
                    if dbt_target
                    else None,
                    "content_sha256": meta.content_sha256(con),
                    "inputs_sha256": inputs_sha256,
                    "note": "published by kpi build",
                },
            )
            schema_docs.write(con, schema_docs.find_manifest(dbt_target))  # meta_tables/columns
            con.execute("CHECKPOINT")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, snapshot)
    except (OSError, duckdb.IOException) as exc:
        if not _disk_full(exc):
            raise
        raise PublishBlocked(
            f"磁盘空间不足，快照未更新（{snapshot.parent}，需要约 "
            f"{build_db.stat().st_size // 2**20} MB）；旧快照继续使用 / the disk is full: the "
            f"snapshot was not replaced (needs about {build_db.stat().st_size // 2**20} MB in "
            f"{snapshot.parent}); the previous snapshot keeps serving"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return snapshot


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return "No space left on device" in str(exc)  # DuckDB's own writes


def _drop_working_views(con: duckdb.DuckDBPyConnection) -> None:
    """Drop dbt's staging and intermediate views from the copy.

    They are working steps, not the published schema (every mart is a table), and they
    name the build file's catalog (``build``), so under the snapshot's name they could not be
    read: an analyst would meet ``Catalog "build" does not exist``.
    """
    views = con.execute(
        "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal"
    ).fetchall()
    for schema, name in views:
        con.execute(f'DROP VIEW IF EXISTS "{schema}"."{name}"')

"""Re-scored periods: the earlier results of a reopened period, published beside the new.

A closed period is served frozen from its archive (``closed_periods``) until it is
reopened (``kpi reopen-period --reason``); from then on every build scores it again. The
results it had when it was closed stay in that archive, and the publish step copies them
into ``fct_rescored_appraisal`` of the snapshot — each appraisee's earlier total, rank
and grade with the spec version that scored them, and who reopened the period, when and
why — so the pages can mark the period as re-scored and show the earlier result beside the
new one. Only the latest reopening of each period is shown (a period closed again after
it keeps it: its history has it). The archive's SHA-256 is checked first, as for serving
a closed period; a missing or altered archive stops the publish. The table is always
there (empty when no period was ever reopened), so readers can rely on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from kpi_warehouse.closed_periods import (
    ClosedPeriodError,
    archive_dir,
    file_sha256,
    path_literal,
    table_columns,
)
from kpi_warehouse.store.closed_periods import Reopening

TABLE = "fct_rescored_appraisal"
DESCRIPTION = (
    "The earlier results of re-scored periods: for each period that was closed and then "
    "reopened, every appraisee's result as it stood when the period was closed (from the "
    "closed period's archive), with who reopened it, when and why"
)
# Taken from the archived fct_appraisal (NULL where an old archive lacks the column).
RESULT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("period_id", "VARCHAR", "The re-scored period (see dim_period)"),
    ("spec_id", "VARCHAR", "The spec that scored the earlier result"),
    ("spec_version", "VARCHAR", "The version of the spec that scored the earlier result"),
    ("appraisee_type", "VARCHAR", "person or org_unit"),
    ("appraisee_id", "VARCHAR", "person_id or org_unit_id"),
    ("org_unit_id", "VARCHAR", "The appraisee's department when the period was closed"),
    ("category", "VARCHAR", "考核类别 of a person when the period was closed"),
    ("total", "DOUBLE", "The earlier 总分"),
    ("rank_in_category", "BIGINT", "The earlier rank within the category group"),
    ("category_size", "BIGINT", "The earlier size of that group"),
    ("grade", "VARCHAR", "The earlier grade (NULL = undetermined or not graded)"),
    ("grade_status", "VARCHAR", "The earlier grade status"),
)
# From the store's record of the closing and the reopening.
REOPEN_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("closed_at", "TIMESTAMP", "When the period was closed with these results (UTC)"),
    ("closed_by", "VARCHAR", "The account that closed it"),
    ("reopened_at", "TIMESTAMP", "When it was reopened to be scored again (UTC)"),
    ("reopened_by", "VARCHAR", "The account that reopened it"),
    ("reopen_reason", "VARCHAR", "Why it was reopened"),
    ("archive_file", "VARCHAR", "The closed period's archive the earlier results come from"),
)
COLUMNS = RESULT_COLUMNS + REOPEN_COLUMNS
DDL = f"CREATE TABLE {TABLE} (" + ", ".join(f"{n} {k}" for n, k, _ in COLUMNS) + ")"


def write_rescored(
    con: duckdb.DuckDBPyConnection,
    reopened: Sequence[Reopening],
    folder: Path | None = None,
) -> int:
    """In the publish copy ``con``: (re)create ``fct_rescored_appraisal`` with the archived
    results of each reopened period. Returns the number of rows written."""
    folder = folder or archive_dir()
    con.execute(f"DROP TABLE IF EXISTS main.{TABLE}")
    con.execute(DDL)
    for n, r in enumerate(reopened):
        path = folder / r.archive_file
        if not path.is_file() or file_sha256(path) != r.archive_sha256:
            state = "不存在" if not path.is_file() else "已被改动（校验和不符）"
            state_en = "is missing" if not path.is_file() else "was altered (checksum mismatch)"
            raise ClosedPeriodError(
                f"重新评分的考核期 {r.period_id} 原结果的存档 {path} {state}：不发布 / the "
                f"archive {path} of the earlier results of re-scored period {r.period_id} "
                f"{state_en}: not published"
            )
        alias = f"earlier_{n}"
        con.execute(f"ATTACH {path_literal(path)} AS {alias} (READ_ONLY)")
        try:
            have = set(table_columns(con, alias, "fct_appraisal"))
            if not have:
                continue  # an archive without results: nothing earlier to show
            select = ", ".join(
                f"CAST({name if name in have else 'NULL'} AS {kind}) AS {name}"
                for name, kind, _ in RESULT_COLUMNS
            )
            con.execute(
                f"INSERT INTO main.{TABLE} SELECT {select}, ?, ?, ?, ?, ?, ? "
                f"FROM {alias}.main.fct_appraisal WHERE period_id = ?",
                [
                    r.closed_at,
                    r.closed_by,
                    r.reopened_at,
                    r.reopened_by,
                    r.reason,
                    r.archive_file,
                    r.period_id,
                ],
            )
        finally:
            con.execute(f"DETACH {alias}")
    return con.execute(f"SELECT count(*) FROM main.{TABLE}").fetchone()[0]

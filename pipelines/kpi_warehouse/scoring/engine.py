"""Run compiled specs on a DuckDB connection. Both the dbt models and the CLI call this."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from kpi_warehouse.scoring.compiler import (
    DEFAULT_INPUTS,
    Inputs,
    evidence_sql,
    indicator_scores_sql,
)
from kpi_warehouse.scoring.period_results import appraisals_sql
from kpi_warehouse.scoring.rollup import rollup_sql
from kpi_warehouse.specs.model import Spec

SCORE_COLUMNS = (
    "indicator_score_id VARCHAR, spec_id VARCHAR, spec_version VARCHAR, appraisee_type VARCHAR,"
    " appraisee_id VARCHAR, period_id VARCHAR, indicator_id VARCHAR, indicator_name VARCHAR,"
    " clause VARCHAR, measure DOUBLE, measure_label VARCHAR, raw_points DOUBLE, points DOUBLE,"
    " max_points DOUBLE, cap_applied BOOLEAN, sort_order INTEGER"
)
EVIDENCE_COLUMNS = "indicator_score_id VARCHAR, activity_id VARCHAR, points DOUBLE"
APPRAISAL_COLUMNS = (
    "spec_id VARCHAR, spec_version VARCHAR, appraisee_type VARCHAR, appraisee_id VARCHAR,"
    " period_id VARCHAR, org_unit_id VARCHAR, category VARCHAR, total DOUBLE,"
    " rank_in_category BIGINT, category_size BIGINT, grade VARCHAR, grade_note VARCHAR,"
    " grade_status VARCHAR, payout DOUBLE"
)


def _union(parts: Sequence[str], columns: str) -> str:
    """UNION ALL of the specs' queries; with no spec, an empty relation of ``columns``."""
    if not parts:
        casts = ", ".join(f"NULL::{c.split()[1]} AS {c.split()[0]}" for c in columns.split(","))
        return f"SELECT {casts} WHERE FALSE"
    return " UNION ALL BY NAME ".join(f"({p})" for p in parts)


def indicator_scores(
    con: duckdb.DuckDBPyConnection, specs: Sequence[Spec], inputs: Inputs = DEFAULT_INPUTS
) -> duckdb.DuckDBPyRelation:
    return con.sql(_union([indicator_scores_sql(s, inputs) for s in specs], SCORE_COLUMNS))


def evidence(
    con: duckdb.DuckDBPyConnection, specs: Sequence[Spec], inputs: Inputs = DEFAULT_INPUTS
) -> duckdb.DuckDBPyRelation:
    return con.sql(_union([evidence_sql(s, inputs) for s in specs], EVIDENCE_COLUMNS))


PERIOD_RESULTS = "_kpi_period_results"
"""The temporary table of the specs' own periods' results, which the roll-ups read."""


def appraisals(
    con: duckdb.DuckDBPyConnection,
    specs: Sequence[Spec],
    scores: str,
    inputs: Inputs = DEFAULT_INPUTS,
) -> duckdb.DuckDBPyRelation:
    """Results per period, then the roll-ups (e.g. annual from quarterly) built on them."""
    periods = _union([appraisals_sql(s, scores, inputs) for s in specs], APPRAISAL_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {PERIOD_RESULTS} AS {periods}")
    rollups = [sql for s in specs if (sql := rollup_sql(s, PERIOD_RESULTS, inputs))]
    return con.sql(_union([f"SELECT * FROM {PERIOD_RESULTS}", *rollups], APPRAISAL_COLUMNS))

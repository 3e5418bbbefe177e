"""The synthetic snapshot (conftest.py) with what the analysts' pages read on top of it:

- the documented schema, as the publish step writes it (``kpi_warehouse.schema_docs``), from
  a manifest made of the marts' YAML — the one place the descriptions are written;
- rows of the mining marts for the fixture's people, worked out by hand below from the
  fixture's totals and scores (and a few rows added here, named where they are added).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import yaml

from kpi_warehouse import schema_docs
from tests.mart_contracts import MARTS_DIR

SPEC = ("PRC-2026", "v1")

# Previous quarters added for the movement example (the fixture has only P001's 2025Q4):
# P002 一般工作人员 alone in its category, 66.0 称职; P005 (the district) 75.0 称职.
APPRAISAL_COLUMNS = (
    "spec_id, spec_version, appraisee_type, appraisee_id, period_id, org_unit_id, category, "
    "total, rank_in_category, category_size, grade, grade_note, grade_status, payout"
)
EXTRA_APPRAISALS = [
    (*SPEC, "person", "P002", "2025Q4", "PRC-C-gongsu", "一般工作人员", 66.0, 1, 1, "称职",
     None, "graded", None),
    (*SPEC, "person", "P005", "2025Q4", "PRC-D1-gongsu", "科级干部", 75.0, 1, 1, "称职",
     None, "graded", None),
]  # fmt: skip

# fct_result_movement, 2025Q4 → 2026Q1 (rank share = rank ÷ category size; sharp when
# |change| ≥ 15, the rank rule needs a group of 8):
#   P001 80.0 (1/1 = 1.0) → 92.5 (1/2 = 0.5): +12.5, −0.5, 良好 → 优秀, not sharp, up;
#   P002 66.0 (1/1) → 85.0 (1/1): +19.0, 0.0, 称职 → 良好, sharp, up;
#   P005 75.0 (1/1) → 95.0 (1/1): +20.0, 0.0, 称职 → 优秀, sharp, up (the district).
MOVEMENT_COLUMNS = (
    "spec_id, appraisee_type, appraisee_id, org_unit_id, period_type, period_id, "
    "previous_period_id, total, previous_total, total_change, rank_share, previous_rank_share, "
    "rank_share_change, grade, previous_grade, grade_changed, is_sharp, direction"
)
MOVEMENTS = [
    ("PRC-2026", "person", "P001", "PRC-C-gongsu", "quarter", "2026Q1", "2025Q4", 92.5, 80.0,
     12.5, 0.5, 1.0, -0.5, "优秀", "良好", True, False, "up"),
    ("PRC-2026", "person", "P002", "PRC-C-gongsu", "quarter", "2026Q1", "2025Q4", 85.0, 66.0,
     19.0, 1.0, 1.0, 0.0, "良好", "称职", True, True, "up"),
    ("PRC-2026", "person", "P005", "PRC-D1-gongsu", "quarter", "2026Q1", "2025Q4", 95.0, 75.0,
     20.0, 1.0, 1.0, 0.0, "优秀", "称职", True, True, "up"),
]  # fmt: skip

# fct_indicator_driver, 2026Q1, the city's 第一检察部: P001 92.5 (优秀), P002 85.0, P003 78.25,
# mean 85.25, deviations 7.25, −0.25, −7.0; var(total) = (52.5625 + 0.0625 + 49) / 3 = 33.875,
# sd = 5.820223.
# CASE (max 30): P001 30 (fixture), P002 25, P003 20 (taken here): mean 25, sd = √(50/3) =
#   4.082483; cov = (5·7.25 + 0 + 5·7.0) / 3 = 23.75; share = 23.75 / 33.875 = 0.701107;
#   corr = 23.75 / (4.082483 · 5.820223) = 0.999539; driver = 0.999539 · 4.082483 / 30 =
#   0.136020; best grade (P001) 30 against (25 + 20) / 2 = 22.5: gap 7.5.
# ATT (max 10): P001 8.5, P002 10 (fixture), P003 9 (taken here): mean 9.166667, deviations
#   −2/3, 5/6, −1/6; sd = √(0.388889) = 0.623610; cov = (−4.833333 − 0.208333 + 1.166667) / 3
#   = −1.291667; share = −0.038130; corr = −1.291667 / (0.623610 · 5.820223) = −0.355874;
#   driver = −0.355874 · 0.623610 / 10 = −0.022193; 8.5 against 9.5: gap −1.0.
DRIVER_COLUMNS = (
    "spec_id, period_id, org_unit_id, indicator_id, indicator_name, sort_order, max_points, "
    "appraisees, mean_points, stddev_points, variance_share, correlation_with_total, "
    "mean_points_top_grade, mean_points_other_grades, top_grade_gap, driver_score, driver_rank"
)
DRIVERS = [
    ("PRC-2026", "2026Q1", "PRC-C-gongsu", "CASE", "办案数量", 2, 30.0, 3, 25.0, 4.082483,
     0.701107, 0.999539, 30.0, 22.5, 7.5, 0.136020, 1),
    ("PRC-2026", "2026Q1", "PRC-C-gongsu", "ATT", "考勤纪律", 1, 10.0, 3, 9.166667, 0.623610,
     -0.038130, -0.355874, 8.5, 9.5, -1.0, -0.022193, 2),
]  # fmt: skip

# fct_rater_leniency, 2026Q1. The city's colleagues: four raters R1–R4 score P001, P002, P003
#   R1 90 86 80 · R2 94 88 82 · R3 88 84 78 · R4 92 86 80.
# Deviation from the other three of the same ratee — P001: R1 90 − 91⅓ = −4/3, R2 +4, R3 −4,
# R4 +4/3; P002: 0, +8/3, −8/3, 0; P003: 0, +8/3, −8/3, 0. Leniency (mean deviation):
# R1 −4/9, R2 28/9, R3 −28/9, R4 4/9 → mean 0, spread (population sd) √((16+784+784+16)/81/4)
# = 20/9 = 2.22; mean |deviation| per rater 4/9, 28/9, 28/9, 4/9 → 16/9 = 1.78; mean score
# (256/3 + 88 + 250/3 + 86) / 4 = 257/3 = 85.67. The city's leaders: 2 raters → withheld.
LENIENCY_COLUMNS = (
    "period_id, procuratorate_id, rater_level, raters, is_suppressed, ratings, abstentions, "
    "mean_score, mean_leniency, leniency_spread, mean_abs_deviation"
)
LENIENCY = [
    ("2026Q1", "PRC-C", "colleague", 4, False, 12, 0, 257 / 3, 0.0, 20 / 9, 16 / 9),
    ("2026Q1", "PRC-C", "leader", 2, True, None, None, None, None, None, None),
]

# fct_indicator_coverage, 2026Q1, from the fixture's SCORES and EVIDENCE (every appraisee
# scored on the indicator, people and departments alike):
#   ATT: P001 (3 records), P002 (none) → 2 scored, 1 with records, 0.5, 3 records;
#   CASE: P001 (2), the city's 第一检察部 (1) → 2, 2, 1.0, 3;
#   AWARD: P001 (1), P005 (1) → 2, 2, 1.0, 2.
COVERAGE_COLUMNS = (
    "spec_id, period_id, indicator_id, indicator_name, source, source_system, appraisees, "
    "appraisees_with_records, coverage, records"
)
COVERAGE = [
    ("PRC-2026", "2026Q1", "ATT", "考勤纪律", "attendance", "考勤系统", 2, 1, 0.5, 3),
    ("PRC-2026", "2026Q1", "CASE", "办案数量", "case_registry", "统一业务应用系统", 2, 2, 1.0, 3),
    ("PRC-2026", "2026Q1", "AWARD", "表彰奖励", "honours", "荣誉登记", 2, 2, 1.0, 2),
]  # fmt: skip


def yaml_manifest(path: Path) -> Path:
    """A dbt-manifest-shaped file of the marts' YAML (models, descriptions, columns)."""
    nodes = {}
    for yml in sorted(MARTS_DIR.glob("*.yml")):
        for model in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("models", []):
            nodes[f"model.kpi_warehouse.{model['name']}"] = {
                "resource_type": "model",
                "name": model["name"],
                "alias": model["name"],
                "schema": "main",
                "fqn": ["kpi_warehouse", "marts", model["name"]],
                "description": model.get("description", ""),
                "columns": {
                    c["name"]: {"name": c["name"], "description": c.get("description", "")}
                    for c in model.get("columns", [])
                },
            }
    path.write_text(json.dumps({"nodes": nodes}), encoding="utf-8")
    return path


def add_documentation(snapshot: Path) -> None:
    manifest = yaml_manifest(snapshot.with_name("manifest.json"))
    with duckdb.connect(str(snapshot)) as con:
        schema_docs.write(con, manifest)


def add_mining_rows(snapshot: Path) -> None:
    with duckdb.connect(str(snapshot)) as con:
        for table, columns, rows in (
            ("fct_appraisal", APPRAISAL_COLUMNS, EXTRA_APPRAISALS),
            ("fct_result_movement", MOVEMENT_COLUMNS, MOVEMENTS),
            ("fct_indicator_driver", DRIVER_COLUMNS, DRIVERS),
            ("fct_rater_leniency", LENIENCY_COLUMNS, LENIENCY),
            ("fct_indicator_coverage", COVERAGE_COLUMNS, COVERAGE),
        ):
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

"""The synthetic snapshot (tests/dashboard/conftest.py) plus what the leaders' pages read:
a year, the same quarter a year earlier, annual results, payouts, a department appraisal,
department case-quality months and the spec's bands, quotas and payouts.

Every figure the tests expect is worked out by hand from these rows (see the test module).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from tests.dashboard.conftest import SPEC, SPEC_TITLE, build_synthetic_snapshot

# Extra periods: the same quarter last year (2025Q1), the year 2026 and a half-year without
# results (a link to it is "out of range").
PERIODS = [
    ("2025Q1", "quarter", 2025, 1, date(2025, 1, 1), date(2025, 3, 31), "2025年第1季度",
     "2025 Q1"),
    ("2026", "year", 2026, None, date(2026, 1, 1), date(2026, 12, 31), "2026年度", "2026"),
    ("2026H1", "half_year", 2026, None, date(2026, 1, 1), date(2026, 6, 30), "2026年上半年",
     "2026 H1"),
]  # fmt: skip

# (appraisee, period, org unit, category, total, rank, size, grade, status)
APPRAISALS = [
    ("P001", "2025Q1", "PRC-C-gongsu", "中层干部", 70.0, 1, 1, "称职", "graded"),
    ("P001", "2026", "PRC-C-gongsu", "中层干部", 86.25, 1, 2, "优秀", "graded"),
    ("P003", "2026", "PRC-C-gongsu", "中层干部", 78.25, 2, 2, "基本称职", "graded"),
    ("P002", "2026", "PRC-C-gongsu", "一般工作人员", 85.0, 1, 1, "称职", "graded"),
]

# The quarterly grades each annual result was built from (2026Q1 only).
QUARTER_GRADES = {"P001": "优秀", "P002": "良好", "P003": "称职"}

# (appraisee, period, org unit, procuratorate, grade, payout, year to date)
PAYOUTS = [
    ("P001", "2025Q1", "PRC-C-gongsu", "PRC-C", "称职", 1800.0, 1800.0),
    ("P001", "2025Q4", "PRC-C-gongsu", "PRC-C", "良好", 2400.0, 9600.0),
    ("P001", "2026Q1", "PRC-C-gongsu", "PRC-C", "优秀", 3000.0, 3000.0),
    ("P002", "2026Q1", "PRC-C-gongsu", "PRC-C", "良好", 2400.0, 2400.0),
    ("P003", "2026Q1", "PRC-C-gongsu", "PRC-C", "称职", 1800.0, 1800.0),
    ("P005", "2026Q1", "PRC-D1-gongsu", "PRC-D1", "优秀", 3000.0, 3000.0),
]

# The district's 第一检察部 appraised by the city's (one department in its line).
ORG_UNIT_APPRAISALS = [
    ("PRC-D1-gongsu", "第一检察部", "2026Q1", "quarter", 88.0, 1, 1, "良好"),
]

# (org unit, procuratorate, month, indicator, numerator, denominator)
CASE_QUALITY = [
    ("PRC-C-gongsu", "PRC-C", date(2026, 1, 1), "case_procedure_ratio", 36, 30),
    ("PRC-C-gongsu", "PRC-C", date(2026, 2, 1), "case_procedure_ratio", 30, 30),
    ("PRC-C-gongsu", "PRC-C", date(2026, 1, 1), "closure_rate", 30, 50),
    ("PRC-C-gongsu", "PRC-C", date(2026, 2, 1), "closure_rate", 30, 40),
    ("PRC-C-gongsu", "PRC-C", date(2026, 1, 1), "overdue_rate", 3, 30),
    ("PRC-C-gongsu", "PRC-C", date(2026, 2, 1), "overdue_rate", 0, 30),
    ("PRC-D1-gongsu", "PRC-D1", date(2026, 1, 1), "case_procedure_ratio", 12, 10),
    ("PRC-D1-gongsu", "PRC-D1", date(2026, 1, 1), "closure_rate", 10, 20),
    ("PRC-D1-gongsu", "PRC-D1", date(2026, 1, 1), "overdue_rate", 1, 10),
]
CASE_NAMES = {
    "case_procedure_ratio": ("案-件比（件÷案）", 1),
    "closure_rate": ("审结率", 2),
    "overdue_rate": ("超期率", 3),
}

# The spec's grading (quarters and the annual roll-up), as the build stores it.
SPEC_JSON = {
    "spec_id": SPEC[0],
    "version": SPEC[1],
    "title": SPEC_TITLE,
    "period": "quarter",
    "grades": [
        {"grade": "优秀", "min": 90.0, "clause": "", "consequences": []},
        {"grade": "良好", "min": 80.0, "clause": "", "consequences": []},
        {"grade": "称职", "min": 60.0, "clause": "", "consequences": []},
        {"grade": "不称职", "min": None, "clause": "", "consequences": []},
    ],
    "quotas": {
        "within": [],
        "grades": {
            "优秀": {"share": 0.4, "max_count": None},
            "良好": {"share": 0.4, "max_count": None},
        },
        "clause": "优秀、良好等次各不超过参加考核人数的40%。",
    },  # fmt: skip
    "payouts": {
        "amounts": {"优秀": 3000, "良好": 2400, "称职": 1800, "不称职": 0},
        "not_graded_pro_rata": "称职",
        "clause": "",
    },
    "rollup": {
        "period": "year",
        "grades": [
            {"grade": "优秀", "min": 85.0, "clause": "", "consequences": []},
            {"grade": "称职", "min": 60.0, "clause": "", "consequences": []},
            {"grade": "不称职", "min": None, "clause": "", "consequences": []},
        ],
        "quotas": {
            "within": ["org_unit_id"],
            "grades": {"优秀": {"share": 0.5, "max_count": None}},
            "clause": "",
        },
    },
}

UNITS = {"PRC-C-gongsu": ("PRC-C", "gongsu"), "PRC-D1-gongsu": ("PRC-D1", "gongsu")}
PROCURATORATE_NAMES = {"PRC-C": "江城市人民检察院", "PRC-D1": "江城市东湖区人民检察院"}


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    frame = pd.DataFrame(rows)  # noqa: F841 - read by DuckDB below
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")


def build_leaders_snapshot(path: Path) -> Path:
    build_synthetic_snapshot(path)
    with duckdb.connect(str(path)) as con:
        con.executemany("INSERT INTO dim_period VALUES (?, ?, ?, ?, ?, ?, ?, ?)", PERIODS)
        appraisals = [
            {"spec_id": SPEC[0], "spec_version": SPEC[1], "appraisee_type": "person",
             "appraisee_id": pid, "period_id": period, "org_unit_id": unit, "category": cat,
             "total": total, "rank_in_category": rank, "category_size": size, "grade": grade,
             "grade_status": status}
            for pid, period, unit, cat, total, rank, size, grade, status in APPRAISALS
        ]  # fmt: skip
        _insert(con, "fct_appraisal", appraisals)
        _insert(con, "fct_annual_result", [
            {**row, "year": 2026, "quarters_appraised": 1,
             "quarter_grades": QUARTER_GRADES[row["appraisee_id"]],
             "excellent_quarters": int(QUARTER_GRADES[row["appraisee_id"]] == "优秀"),
             "unsatisfactory_quarters": 0}
            for row in appraisals if row["period_id"] == "2026"
        ])  # fmt: skip
        _insert(con, "fct_payout", [
            {"spec_id": SPEC[0], "appraisee_type": "person", "appraisee_id": pid,
             "period_id": period, "period_type": "quarter", "year": int(period[:4]),
             "org_unit_id": unit, "procuratorate_id": prc, "dept_key": "gongsu",
             "grade": grade, "grade_status": "graded", "payout": payout,
             "payout_year_to_date": ytd}
            for pid, period, unit, prc, grade, payout, ytd in PAYOUTS
        ])  # fmt: skip
        _insert(con, "fct_org_unit_appraisal", [
            {"spec_id": "units", "spec_version": "v1", "org_unit_id": unit,
             "org_unit_name": name, "dept_key": "gongsu", "procuratorate_id": UNITS[unit][0],
             "procuratorate_name": PROCURATORATE_NAMES[UNITS[unit][0]], "period_id": period,
             "period_type": ptype, "year": 2026, "total": total,
             "rank_among_counterparts": rank, "counterparts": n, "grade": grade,
             "grade_status": "graded"}
            for unit, name, period, ptype, total, rank, n, grade in ORG_UNIT_APPRAISALS
        ])  # fmt: skip
        _insert(con, "fct_case_quality_monthly", [
            {"subject_level": "org_unit", "subject_id": unit, "procuratorate_id": prc,
             "org_unit_id": unit, "dept_key": "gongsu", "month_start": month,
             "month_id": month.strftime("%Y-%m"), "quarter_id": "2026Q1",
             "indicator_id": ind, "indicator_name": CASE_NAMES[ind][0], "numerator": num,
             "denominator": den, "rate": num / den, "sort_order": CASE_NAMES[ind][1]}
            for unit, prc, month, ind, num, den in CASE_QUALITY
        ])  # fmt: skip
        con.execute("CREATE SCHEMA specs")
        con.execute(
            "CREATE TABLE specs.spec_versions (spec_id VARCHAR, version VARCHAR, "
            "effective_from DATE, effective_to DATE, title VARCHAR, file VARCHAR, "
            "sha256 VARCHAR, spec_json VARCHAR)"
        )
        con.execute(
            "INSERT INTO specs.spec_versions VALUES (?, ?, ?, NULL, ?, ?, ?, ?)",
            [SPEC[0], SPEC[1], date(2026, 1, 1), SPEC_TITLE, "prc.yaml", "0" * 64,
             json.dumps(SPEC_JSON, ensure_ascii=False)],
        )  # fmt: skip
    return path

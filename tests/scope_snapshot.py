"""A tiny hand-made snapshot for the scope-layer tests, with the organisation spelled out.

    C  (city, root)    C-gs: P2 head, P3, P4     C-of: P1 chief, P5
    D1 (below C)       D1-gs: P6 head, P7        D1-of: P8
    D2 (below C)       D2-gs: P9

2026Q1 appraisals for P2..P9 (P1, the chief, is not appraised) and one for department
C-gs itself; one indicator score per appraisee (S-<id>); one attendance record each;
ratings of P3 (three colleagues: 80, 90, 100; two leaders: 70, 80) and of P7 (four
colleagues: 60, 70, 80, 90); data-quality findings about P3, P7 and an unknown P99.
``raw.app__ratings`` holds who rated whom, as a real build does.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from kpi_warehouse import snapshot_meta as meta
from tests.mart_models import fill_derived

PROCURATORATES = [("C", "市院", "city", None), ("D1", "一区院", "district", "C"),
                  ("D2", "二区院", "district", "C")]  # fmt: skip
UNITS = [
    ("C-gs", "公诉处", "gongsu", "business", "C"),
    ("C-of", "办公室", "office", "registry_owner", "C"),
    ("D1-gs", "公诉科", "gongsu", "business", "D1"),
    ("D1-of", "办公室", "office", "registry_owner", "D1"),
    ("D2-gs", "公诉科", "gongsu", "business", "D2"),
]
PEOPLE = {  # person -> unit
    "P1": "C-of", "P2": "C-gs", "P3": "C-gs", "P4": "C-gs", "P5": "C-of",
    "P6": "D1-gs", "P7": "D1-gs", "P8": "D1-of", "P9": "D2-gs",
}  # fmt: skip
TOTALS = {"P2": 91.0, "P3": 84.0, "P4": 77.5, "P5": 80.0, "P6": 88.0, "P7": 72.0, "P8": 69.0,
          "P9": 90.0}  # fmt: skip
# rating id, ratee, rater, level, score
RATINGS = [
    ("R1", "P3", "P2", "colleague", 80.0),
    ("R2", "P3", "P4", "colleague", 90.0),
    ("R3", "P3", "P5", "colleague", 100.0),
    ("R4", "P3", "P1", "leader", 70.0),
    ("R5", "P3", "P2", "leader", 80.0),
    ("R6", "P7", "P6", "colleague", 60.0),
    ("R7", "P7", "P8", "colleague", 70.0),
    ("R8", "P7", "P9", "colleague", 80.0),
    ("R9", "P7", "P1", "colleague", 90.0),
]

SCHEMA = """
CREATE SCHEMA raw;
CREATE TABLE raw.office__procuratorates (procuratorate_id VARCHAR, name VARCHAR,
    level VARCHAR, parent_id VARCHAR);
CREATE TABLE raw.app__ratings (rating_id VARCHAR, period_id VARCHAR, ratee_id VARCHAR,
    rater_id VARCHAR, rater_level VARCHAR, score DOUBLE);
CREATE TABLE dim_org_unit (org_unit_id VARCHAR, org_unit_name VARCHAR, dept_key VARCHAR,
    unit_kind VARCHAR, procuratorate_id VARCHAR, procuratorate_name VARCHAR,
    procuratorate_level VARCHAR);
CREATE TABLE dim_person (person_id VARCHAR, person_name VARCHAR, org_unit_id VARCHAR,
    org_unit_name VARCHAR, procuratorate_id VARCHAR, procuratorate_name VARCHAR,
    dept_key VARCHAR, post VARCHAR, category VARCHAR, hire_date DATE, status VARCHAR,
    leave_date DATE);
CREATE TABLE dim_period (period_id VARCHAR, period_type VARCHAR, year INTEGER,
    quarter INTEGER, start_date DATE, end_date DATE, label_zh VARCHAR, label_en VARCHAR);
CREATE TABLE dim_indicator (spec_id VARCHAR, spec_version VARCHAR, indicator_id VARCHAR,
    indicator_name VARCHAR, clause VARCHAR, max_points DOUBLE);
CREATE TABLE dim_fact_kind (source VARCHAR, kind VARCHAR, kind_label VARCHAR);
CREATE TABLE fct_activity (activity_id VARCHAR, source_system VARCHAR, source_table VARCHAR,
    source_key VARCHAR, source VARCHAR, kind VARCHAR, person_id VARCHAR, org_unit_id VARCHAR,
    activity_date DATE, period_id VARCHAR, level VARCHAR, quantity DOUBLE, value DOUBLE,
    event_key VARCHAR, is_collective BOOLEAN, share DOUBLE, detail VARCHAR, kind_label VARCHAR);
CREATE TABLE fct_indicator_score (indicator_score_id VARCHAR, spec_id VARCHAR,
    spec_version VARCHAR, appraisee_type VARCHAR, appraisee_id VARCHAR, period_id VARCHAR,
    indicator_id VARCHAR, indicator_name VARCHAR, points DOUBLE, max_points DOUBLE);
CREATE TABLE fct_appraisal (spec_id VARCHAR, spec_version VARCHAR, appraisee_type VARCHAR,
    appraisee_id VARCHAR, period_id VARCHAR, org_unit_id VARCHAR, category VARCHAR,
    total DOUBLE, rank_in_category INTEGER, category_size INTEGER, grade VARCHAR,
    grade_note VARCHAR, grade_status VARCHAR, payout DOUBLE);
CREATE TABLE fct_evidence (indicator_score_id VARCHAR, activity_id VARCHAR, points DOUBLE);
CREATE TABLE fct_data_quality (finding_id VARCHAR, check_name VARCHAR, source_table VARCHAR,
    source_key VARCHAR, severity VARCHAR, message_zh VARCHAR, message_en VARCHAR,
    person_id VARCHAR, procuratorate_id VARCHAR);
CREATE TABLE stg_office__staff (person_id VARCHAR, name VARCHAR);
"""


def build_scope_snapshot(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    prc = {p[0]: p for p in PROCURATORATES}
    unit = {u[0]: u for u in UNITS}
    q1 = "2026Q1"
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA)
        con.executemany(
            "INSERT INTO raw.office__procuratorates VALUES (?, ?, ?, ?)", PROCURATORATES
        )
        con.executemany(
            "INSERT INTO raw.app__ratings VALUES (?, ?, ?, ?, ?, ?)",
            [(r, q1, ratee, rater, level, score) for r, ratee, rater, level, score in RATINGS],
        )
        con.executemany(
            "INSERT INTO dim_org_unit VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(*u, prc[u[4]][1], prc[u[4]][2]) for u in UNITS],
        )
        con.executemany(
            "INSERT INTO dim_person VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (pid, f"姓名{pid}", u, unit[u][1], unit[u][4], prc[unit[u][4]][1], unit[u][2],
                 "检察官", "一般工作人员", date(2015, 7, 1), "on_post", None)
                for pid, u in PEOPLE.items()
            ],
        )  # fmt: skip
        con.executemany(
            "INSERT INTO dim_period VALUES (?, 'quarter', 2026, ?, ?, ?, ?, ?)",
            [(q1, 1, date(2026, 1, 1), date(2026, 3, 31), "2026年第1季度", "2026 Q1"),
             ("2026Q2", 2, date(2026, 4, 1), date(2026, 6, 30), "2026年第2季度", "2026 Q2")],
        )  # fmt: skip
        con.execute("INSERT INTO dim_indicator VALUES ('S', 'v1', 'ATT', '考勤', '条款', 10)")
        # A spec that scored nobody here: only accounts that see everything see its text.
        con.execute("INSERT INTO dim_indicator VALUES ('S2', 'v1', 'DOC', '公文', '条款', 5)")
        con.execute("INSERT INTO dim_fact_kind VALUES ('office.attendance', 'late', '迟到')")
        activities, evidence = [], []
        for pid, u in PEOPLE.items():
            activities.append(
                (f"att:{pid}", "office", "attendance", f"AT-{pid}", "office.attendance", "late",
                 pid, u, date(2026, 2, 2), q1, None, 1.0, None, None, False, 1.0, "迟到", "迟到")
            )  # fmt: skip
            if pid in TOTALS:  # evidence only behind a score, as the marts' tests ensure
                evidence.append((f"S-{pid}", f"att:{pid}", -1.0))
        for rid, ratee, _rater, level, score in RATINGS:
            activities.append(
                (f"ratings:{rid}", "app", "ratings", rid, "ratings.rating", level, ratee,
                 PEOPLE[ratee], date(2026, 3, 31), q1, None, 1.0, score, None, False, 1.0,
                 f"测评 {score} 分", "群众测评" if level == "colleague" else "领导测评")
            )  # fmt: skip
            evidence.append((f"S-{ratee}", f"ratings:{rid}", 1.0))
        con.executemany(f"INSERT INTO fct_activity VALUES ({', '.join('?' * 18)})", activities)
        con.executemany("INSERT INTO fct_evidence VALUES (?, ?, ?)", evidence)
        scores = [(f"S-{pid}", "S", "v1", "person", pid, q1, "ATT", "考勤", 9.0, 10.0)
                  for pid in TOTALS]  # fmt: skip
        scores.append(("S-C-gs", "S", "v1", "org_unit", "C-gs", q1, "ATT", "考勤", 8.0, 10.0))
        con.executemany(f"INSERT INTO fct_indicator_score VALUES ({', '.join('?' * 10)})", scores)
        fill_derived(con, "fct_rating_group", create=True)
        fill_derived(con, "fct_evidence_record", create=True)
        appraisals = [
            ("S", "v1", "person", pid, q1, PEOPLE[pid], "一般工作人员", total, 1, 1, "良好",
             f"备注{pid}", "final", 1800.0)
            for pid, total in TOTALS.items()
        ]  # fmt: skip
        appraisals.append(
            ("S", "v1", "org_unit", "C-gs", q1, "C-gs", None, 86.0, None, None, "优秀", None,
             "final", None)
        )  # fmt: skip
        con.executemany(f"INSERT INTO fct_appraisal VALUES ({', '.join('?' * 14)})", appraisals)
        con.executemany(
            "INSERT INTO fct_data_quality VALUES (?, 'chk', 't', 'k', 'info', 'zh', 'en', ?, ?)",
            [("DQ-P3", "P3", "C"), ("DQ-P7", "P7", "D1"), ("DQ-P99", "P99", None)],
        )
        meta.write(con, {"built_at": "2026-04-02 08:30", "spec_versions": "{}", "note": "test"})
        con.execute("INSERT INTO stg_office__staff VALUES ('P3', 'x')")
    return path

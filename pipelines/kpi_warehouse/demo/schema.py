# ruff: noqa: E501  (the DDL keeps each column's meaning on its line)
"""DDL of the three demo systems of record.

These are the tables the extractor reads and the staging models type. Dates are ISO
strings (``YYYY-MM-DD``), timestamps ISO ``YYYY-MM-DDTHH:MM:SS``; ``updated_at`` is the
change column that lets extraction be incremental. The same DDL runs on SQLite and
PostgreSQL (only portable types are used).
"""

from __future__ import annotations

# Case-handling system (办案系统).
CASE_DDL: dict[str, str] = {
    "cases": """
        CREATE TABLE cases (
            case_id        TEXT PRIMARY KEY,
            case_no        TEXT NOT NULL,
            case_type      TEXT NOT NULL,      -- 审查逮捕 / 审查起诉 / 刑事执行监督 / 民事诉讼监督 / 行政诉讼监督 / 公益诉讼 / 控告申诉 / 案件质量评查
            procuratorate_id TEXT NOT NULL,
            org_unit_id    TEXT NOT NULL,      -- undertaking department
            undertaker_id  TEXT NOT NULL,      -- undertaking person (承办人)
            accepted_date  TEXT NOT NULL,
            deadline_date  TEXT NOT NULL,
            closed_date    TEXT,               -- NULL while open
            outcome        TEXT,               -- 批准逮捕 / 不批准逮捕 / 起诉 / 不起诉 / 撤回 / 检察建议 / 结案 …; NULL while open
            plea_leniency  INTEGER,            -- 认罪认罚 1 / 0 for 审查起诉; NULL for other case types
            updated_at     TEXT NOT NULL
        )""",
    "case_events": """
        CREATE TABLE case_events (
            event_id    TEXT PRIMARY KEY,
            case_id     TEXT NOT NULL,
            event_type  TEXT NOT NULL,         -- 受理 / 退回补充侦查 / 延长审查期限 / 审结
            event_date  TEXT NOT NULL,
            person_id   TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
}

# Office system (办公系统): the staff directory lives here too.
OFFICE_DDL: dict[str, str] = {
    "procuratorates": """
        CREATE TABLE procuratorates (
            procuratorate_id TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            level       TEXT NOT NULL,         -- city / district
            parent_id   TEXT
        )""",
    "org_units": """
        CREATE TABLE org_units (
            org_unit_id TEXT PRIMARY KEY,
            procuratorate_id TEXT NOT NULL,
            name        TEXT NOT NULL,         -- 第一检察部 / 民事检察部 / 办公室 ...
            dept_key    TEXT NOT NULL,         -- counterpart key shared by city and districts: gongsu (第一检察部), office ...
            kind        TEXT NOT NULL          -- registry_owner / business
        )""",
    "staff": """
        CREATE TABLE staff (
            person_id   TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            org_unit_id TEXT NOT NULL,
            post        TEXT NOT NULL,         -- 检察长 / 处长 / 科长 / 检察官 / 检察官助理 / 书记员 ...
            category    TEXT NOT NULL,         -- 科级干部 / 中层干部 / 一般工作人员
            hire_date   TEXT NOT NULL,
            status      TEXT NOT NULL,         -- on_post / seconded / retiring / long_leave
            leave_date  TEXT,                  -- retirement or transfer-out date, if any
            updated_at  TEXT NOT NULL
        )""",
    "attendance": """
        CREATE TABLE attendance (
            record_id   TEXT PRIMARY KEY,
            person_id   TEXT NOT NULL,
            work_date   TEXT NOT NULL,
            status      TEXT NOT NULL,         -- on_time / late / early_leave / absent / leave
            leave_type  TEXT,                  -- sick / personal / annual / official (when status = leave)
            updated_at  TEXT NOT NULL
        )""",
    "study_sessions": """
        CREATE TABLE study_sessions (
            session_id  TEXT PRIMARY KEY,
            procuratorate_id TEXT NOT NULL,
            session_type TEXT NOT NULL,        -- theory_study / training
            title       TEXT NOT NULL,
            session_date TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
    "study_attendance": """
        CREATE TABLE study_attendance (
            session_id  TEXT NOT NULL,
            person_id   TEXT NOT NULL,
            status      TEXT NOT NULL,         -- confirmed / late / absent
            updated_at  TEXT NOT NULL,
            PRIMARY KEY (session_id, person_id)
        )""",
    "work_journals": """
        CREATE TABLE work_journals (
            journal_id  TEXT PRIMARY KEY,
            person_id   TEXT NOT NULL,
            week_start  TEXT NOT NULL,         -- Monday of the week
            self_score  DOUBLE PRECISION NOT NULL,         -- 0..50
            reviewer_id TEXT,
            reviewer_score DOUBLE PRECISION,               -- NULL = not reviewed (defaults to the self score)
            submitted_at TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
    "documents": """
        CREATE TABLE documents (
            doc_id      TEXT PRIMARY KEY,
            person_id   TEXT NOT NULL,
            doc_type    TEXT NOT NULL,         -- 收文 / 发文 / 会议纪要 / 督办件
            title       TEXT NOT NULL,
            handled_date TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
}

# The product's own store (应用库): five shared registries, manual entries, ratings.
APP_DDL: dict[str, str] = {
    "reg_bulletins": """
        CREATE TABLE reg_bulletins (          -- 信息简报, kept by 办公室
            bulletin_id TEXT PRIMARY KEY,
            person_id   TEXT NOT NULL,
            title       TEXT NOT NULL,
            media_level TEXT NOT NULL,         -- national / provincial / city / district
            published_date TEXT NOT NULL,
            recorded_by TEXT NOT NULL,         -- org_unit_id of the keeping office
            updated_at  TEXT NOT NULL
        )""",
    "reg_awards": """
        CREATE TABLE reg_awards (             -- 表彰奖励, kept by 政治部
            award_id    TEXT PRIMARY KEY,
            event_key   TEXT NOT NULL,         -- one honoured event; several rows = several levels
            person_id   TEXT,                  -- NULL for a collective award
            org_unit_id TEXT,                  -- set for a collective award
            award_level TEXT NOT NULL,         -- national / provincial / city / district
            is_collective INTEGER NOT NULL,    -- 0 / 1
            title       TEXT NOT NULL,
            awarded_date TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
    "reg_publicity": """
        CREATE TABLE reg_publicity (          -- 宣传报道, kept by 宣传处
            report_id   TEXT PRIMARY KEY,
            person_id   TEXT NOT NULL,
            outlet      TEXT NOT NULL,
            media_level TEXT NOT NULL,         -- national / provincial / city / district
            published_date TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
    "reg_research": """
        CREATE TABLE reg_research (           -- 理论调研, kept by 政研室
            paper_id    TEXT PRIMARY KEY,
            person_id   TEXT NOT NULL,
            title       TEXT NOT NULL,
            journal_level TEXT NOT NULL,       -- core / provincial / general
            co_authors  INTEGER NOT NULL,      -- number of authors, >= 1 (joint papers split)
            published_date TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
    "reg_discipline": """
        CREATE TABLE reg_discipline (         -- 惩戒, kept by 监察处
            record_id   TEXT PRIMARY KEY,
            person_id   TEXT NOT NULL,
            sanction_type TEXT NOT NULL,       -- admonition / efficiency_warning / demerit / major_demerit / demotion / dismissal
            start_date  TEXT NOT NULL,
            end_date    TEXT,
            description TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
    "manual_entries": """
        CREATE TABLE manual_entries (         -- 补录数据, entered by a clerk, reviewed by another person
            entry_id    TEXT PRIMARY KEY,
            person_id   TEXT NOT NULL,
            item        TEXT NOT NULL,         -- routine_work / key_project / reward / penalty ...
            value       DOUBLE PRECISION NOT NULL,
            entry_date  TEXT NOT NULL,
            description TEXT NOT NULL,
            entered_by  TEXT NOT NULL,
            reviewed_by TEXT,                  -- must differ from entered_by
            review_status TEXT NOT NULL,       -- pending / approved / rejected
            reviewed_at TEXT,
            updated_at  TEXT NOT NULL
        )""",
    "ratings": """
        CREATE TABLE ratings (                -- leader and all-staff (360°) ratings, per quarter
            rating_id   TEXT PRIMARY KEY,
            period_id   TEXT NOT NULL,         -- e.g. 2026Q1
            ratee_id    TEXT NOT NULL,
            rater_id    TEXT NOT NULL,
            rater_level TEXT NOT NULL,         -- leader / colleague
            score       DOUBLE PRECISION,                  -- 0..100; NULL = abstained
            rated_at    TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
}

# The unit appraisal cycle (store migration 0005_unit_cycle creates the same tables in a
# store that has none; tests/test_unit_cycle_build.py checks the columns agree).
APP_DDL.update(
    {
        "kpi_unit_cycle": """
        CREATE TABLE kpi_unit_cycle (         -- an upper procuratorate's cycle for a period
            cycle_id    VARCHAR(64) PRIMARY KEY,
            procuratorate_id VARCHAR(64) NOT NULL,
            period_id   VARCHAR(16) NOT NULL,
            period_start TEXT NOT NULL,
            period_end  TEXT NOT NULL,
            status      VARCHAR(16) NOT NULL,  -- open / published
            opened_by   TEXT NOT NULL,
            opened_at   TEXT NOT NULL,
            published_by TEXT,
            published_at TEXT,
            updated_at  TEXT NOT NULL
        )""",
        "kpi_unit_cycle_item": """
        CREATE TABLE kpi_unit_cycle_item (    -- one lower department under one spec
            item_id     VARCHAR(64) PRIMARY KEY,
            cycle_id    VARCHAR(64) NOT NULL,
            spec_id     VARCHAR(64) NOT NULL,
            org_unit_id VARCHAR(64) NOT NULL,
            scorer_unit_id VARCHAR(64) NOT NULL,
            status      VARCHAR(16) NOT NULL,  -- draft / submitted / scored / returned / accepted
            submitted_by TEXT,
            submitted_person TEXT,
            submitted_at TEXT,
            scored_by   TEXT,
            scored_person TEXT,
            scored_at   TEXT,
            reviewed_by TEXT,
            reviewed_at TEXT,
            review_note TEXT,
            updated_at  TEXT NOT NULL
        )""",
        "kpi_unit_cycle_score": """
        CREATE TABLE kpi_unit_cycle_score (   -- self-assessment and counterpart score per indicator
            item_id     VARCHAR(64) NOT NULL,
            indicator_id VARCHAR(64) NOT NULL,
            indicator_name TEXT NOT NULL,
            max_points  DOUBLE PRECISION NOT NULL,
            sort_order  INTEGER NOT NULL,
            self_score  DOUBLE PRECISION,
            self_note   TEXT,
            score       DOUBLE PRECISION,
            score_note  TEXT,
            updated_at  TEXT NOT NULL,
            PRIMARY KEY (item_id, indicator_id)
        )""",
    }
)

# Work journals written in the product (store migration 0004_ratings_journals creates the
# same tables in a store that has none; tests/test_work_journals.py checks the columns
# agree). The generator writes the first weeks (demo/journals.py); `kpi demo` adds recent
# weeks awaiting review through the services.
APP_DDL.update(
    {
        "kpi_journal": """
        CREATE TABLE kpi_journal (            -- a person's weekly work journal (工作周记)
            journal_id  VARCHAR(32) PRIMARY KEY,
            person_id   VARCHAR(64) NOT NULL,
            week_start  VARCHAR(10) NOT NULL,  -- the week's Monday
            content     TEXT,
            self_score  DOUBLE PRECISION,      -- NULL = excused, not (yet) back-filled
            excuse      VARCHAR(16),           -- trip / leave / holiday
            excused_by  VARCHAR(64),
            submitted_at TEXT,
            updated_at  TEXT NOT NULL,
            UNIQUE (person_id, week_start)
        )""",
        "kpi_journal_review": """
        CREATE TABLE kpi_journal_review (     -- one review per journal and level
            journal_id  VARCHAR(32) NOT NULL,
            level       VARCHAR(32) NOT NULL,  -- section_chief / supervising_leader / department_head
            reviewer_id VARCHAR(64) NOT NULL,
            score       DOUBLE PRECISION NOT NULL,
            comment     TEXT,
            reviewed_at TEXT NOT NULL,
            PRIMARY KEY (journal_id, level)
        )""",
    }
)

SYSTEMS: dict[str, dict[str, str]] = {"case": CASE_DDL, "office": OFFICE_DDL, "app": APP_DDL}

"""Example queries of the SQL console: each loads into the editor with one click.

Every query names only the marts of the published snapshot (as the scope layer exposes them)
and picks its period from the data, so it runs on any snapshot; the titles are messages
(``sqlex.<key>`` in ``dashboards/messages/analyst.py``). A test runs every one of them in the
sandbox as an analyst.
"""

from __future__ import annotations

from typing import NamedTuple

# The latest quarter that has results (most examples look at one period).
LATEST_QUARTER = (
    "(SELECT p.period_id FROM dim_period p WHERE p.period_type = 'quarter' "
    "AND p.period_id IN (SELECT period_id FROM fct_appraisal) "
    "ORDER BY p.start_date DESC LIMIT 1)"
)


class Example(NamedTuple):
    key: str  # message keys sqlex.<key>.title and sqlex.<key>.hint
    sql: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        "grades_by_department",
        f"""-- 最近一个季度各部门的等次分布 / grades per department, latest quarter
SELECT o.procuratorate_name, o.org_unit_name, a.grade, count(*) AS people
FROM fct_appraisal a
JOIN dim_org_unit o USING (org_unit_id)
WHERE a.appraisee_type = 'person' AND a.period_id = {LATEST_QUARTER}
GROUP BY ALL
ORDER BY o.procuratorate_name, o.org_unit_name, a.grade""",
    ),
    Example(
        "person_trend",
        """-- 每人各季度总分及环比变化 / each person's quarterly totals and their change
SELECT p.person_name, p.org_unit_name, a.period_id, a.total, a.grade,
       round(a.total - lag(a.total) OVER (PARTITION BY a.appraisee_id ORDER BY d.start_date), 2)
           AS change_on_previous
FROM fct_appraisal a
JOIN dim_person p ON p.person_id = a.appraisee_id
JOIN dim_period d ON d.period_id = a.period_id
WHERE a.appraisee_type = 'person' AND d.period_type = 'quarter'
ORDER BY p.org_unit_name, p.person_name, d.start_date""",
    ),
    Example(
        "indicator_breakdown",
        f"""-- 最近一个季度每项指标的平均得分 / mean points per indicator, latest quarter
SELECT s.spec_id, s.indicator_name, count(*) AS appraisees,
       round(avg(s.points), 2) AS mean_points, max(s.max_points) AS max_points,
       sum(CASE WHEN s.cap_applied THEN 1 ELSE 0 END) AS capped
FROM fct_indicator_score s
WHERE s.appraisee_type = 'person' AND s.period_id = {LATEST_QUARTER}
GROUP BY s.spec_id, s.indicator_name, s.sort_order
ORDER BY s.spec_id, s.sort_order""",
    ),
    Example(
        "grade_drivers",
        f"""-- 各部门拉开等次差距最大的指标 / per department, the indicator that drives grades
SELECT o.procuratorate_name, o.org_unit_name, d.indicator_name, d.appraisees,
       round(d.driver_score, 3) AS driver_score,
       round(d.correlation_with_total, 2) AS correlation_with_total,
       round(d.top_grade_gap, 2) AS top_grade_gap
FROM fct_indicator_driver d
JOIN dim_org_unit o USING (org_unit_id)
WHERE d.period_id = {LATEST_QUARTER} AND d.driver_score > 0 AND NOT isnan(d.driver_score)
QUALIFY row_number() OVER (PARTITION BY d.spec_id, d.org_unit_id ORDER BY d.driver_score DESC) = 1
ORDER BY d.driver_score DESC""",
    ),
    Example(
        "rater_leniency",
        """-- 评分宽严度（不足 3 人的组不公布）/ rater leniency (groups under 3 withheld)
SELECT l.period_id, l.procuratorate_id, l.rater_level, l.raters, l.is_suppressed,
       round(l.mean_leniency, 2) AS mean_leniency,
       round(l.leniency_spread, 2) AS leniency_spread,
       round(l.mean_abs_deviation, 2) AS mean_abs_deviation
FROM fct_rater_leniency l
ORDER BY l.period_id DESC, l.procuratorate_id, l.rater_level""",
    ),
    Example(
        "sharp_moves",
        """-- 总分或排名大幅变动的人员 / people whose total or rank moved sharply
SELECT m.period_id, m.previous_period_id, p.person_name, p.org_unit_name,
       m.previous_total, m.total, round(m.total_change, 2) AS total_change,
       m.previous_grade, m.grade, m.direction
FROM fct_result_movement m
JOIN dim_person p ON p.person_id = m.appraisee_id
WHERE m.appraisee_type = 'person' AND m.is_sharp
ORDER BY m.period_id DESC, abs(m.total_change) DESC""",
    ),
    Example(
        "coverage",
        f"""-- 数据覆盖率最低的指标 / the indicators with the least data behind them
SELECT c.spec_id, c.indicator_name, c.source, c.appraisees, c.appraisees_with_records,
       round(100 * c.coverage, 1) AS coverage_pct, c.records
FROM fct_indicator_coverage c
WHERE c.period_id = {LATEST_QUARTER}
ORDER BY c.coverage, c.spec_id, c.indicator_name""",
    ),
    Example(
        "case_quality",
        """-- 各院每月办案质量指标 / case-quality rates per procuratorate and month
SELECT q.procuratorate_id, q.month_id, q.indicator_name, q.numerator, q.denominator,
       round(q.rate, 3) AS rate
FROM fct_case_quality_monthly q
WHERE q.subject_level = 'procuratorate'
ORDER BY q.procuratorate_id, q.month_id, q.sort_order""",
    ),
    Example(
        "payouts",
        """-- 各部门绩效奖金合计 / payouts per department and period
SELECT o.procuratorate_name, o.org_unit_name, f.period_id, count(*) AS appraisees,
       sum(f.payout) AS payout
FROM fct_payout f
JOIN dim_org_unit o USING (org_unit_id)
WHERE f.appraisee_type = 'person'
GROUP BY ALL
ORDER BY f.period_id DESC, payout DESC""",
    ),
    Example(
        "column_docs",
        """-- 数据表的字段说明 / the columns of a table, with their descriptions
SELECT column_name, data_type, description
FROM meta_columns
WHERE table_name = 'fct_appraisal'
ORDER BY column_index""",
    ),
)

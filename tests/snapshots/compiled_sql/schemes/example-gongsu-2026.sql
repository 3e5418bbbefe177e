-- kpi_specs/schemes/example-gongsu-2026.yaml: example-gongsu version 2026.1

-- indicator scores
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id", a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."dept_key" IN ('gongsu') AND a."status" IN ('on_post', 'seconded', 'retiring') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
m_routine_work AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('routine_work')),
s_routine_work AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 50.0) AS points,
                   (50.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_routine_work GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_cases_closed AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (2.0 * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'case.case' AND f.kind IN ('case_closed')),
s_cases_closed AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(coalesce(g.raw_points, 0.0), 20.0) AS points,
                   (20.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_cases_closed GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_overdue_cases AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'case_overdue' THEN 2.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'case.case' AND f.kind IN ('case_overdue')),
s_overdue_cases AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '超期案件 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 10.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 10.0), 0.0) AS points,
                   (10.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'case_overdue'), 0) AS measure, '超期案件 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'case_overdue'), 0), 2)) || ' 次' AS measure_label, CASE WHEN FALSE THEN 0.0 ELSE 10.0 - (2.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'case_overdue'), 0)) END AS raw_points FROM m_overdue_cases GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_attendance AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'late' THEN 1.0 WHEN 'absent' THEN 5.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('late', 'absent')),
s_attendance AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '迟到 0 次；旷工 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 10.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 10.0), 0.0) AS points,
                   (10.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'late'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'absent'), 0) AS measure, '迟到 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'late'), 0), 2)) || ' 次' || '；' || '旷工 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'absent'), 0), 2)) || ' 次' AS measure_label, CASE WHEN coalesce(sum(quantity) FILTER (WHERE kind = 'late'), 0) >= 10.0 OR coalesce(sum(quantity) FILTER (WHERE kind = 'absent'), 0) >= 2.0 THEN 0.0 ELSE 10.0 - (1.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'late'), 0) + 5.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'absent'), 0)) END AS raw_points FROM m_attendance GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_bulletins AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               ((CASE level WHEN 'national' THEN 10.0 WHEN 'provincial' THEN 5.0 WHEN 'city' THEN 2.0 WHEN 'district' THEN 1.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.bulletin'),
s_bulletins AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(coalesce(g.raw_points, 0.0), 5.0) AS points,
                   (5.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_bulletins GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_awards AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'national' THEN 5.0 WHEN 'provincial' THEN 4.0 WHEN 'city' THEN 3.0 WHEN 'district' THEN 2.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'national' THEN 5.0 WHEN 'provincial' THEN 4.0 WHEN 'city' THEN 3.0 WHEN 'district' THEN 2.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.award'),
s_awards AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(coalesce(g.raw_points, 0.0), 5.0) AS points,
                   (5.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_awards GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id))
        SELECT spec_id || '|' || appraisee_id || '|' || period_id || '|' || indicator_id
                   AS indicator_score_id, *
        FROM (
            SELECT 'example-gongsu' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'routine_work' AS indicator_id, '常规工作' AS indicator_name,
                   '常规工作由分管领导按季度工作台账直接评分，满分50分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 1 AS sort_order
            FROM s_routine_work
UNION ALL
            SELECT 'example-gongsu' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'cases_closed' AS indicator_id, '审结案件' AS indicator_name,
                   '本季度审结案件每件计2分，最高20分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 2 AS sort_order
            FROM s_cases_closed
UNION ALL
            SELECT 'example-gongsu' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'overdue_cases' AS indicator_id, '办案期限' AS indicator_name,
                   '办案期限满分10分，每超期一件扣2分，扣完为止。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 3 AS sort_order
            FROM s_overdue_cases
UNION ALL
            SELECT 'example-gongsu' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'attendance' AS indicator_id, '考勤' AS indicator_name,
                   '全勤得10分，迟到一次扣1分，迟到10次或以上该项不得分；旷工一天扣5分，旷工2天或以上该项不得分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 4 AS sort_order
            FROM s_attendance
UNION ALL
            SELECT 'example-gongsu' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'bulletins' AS indicator_id, '信息简报' AS indicator_name,
                   '信息被国家级、省级、市级、区级采用的，每篇分别计10、5、2、1分，最高5分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 5 AS sort_order
            FROM s_bulletins
UNION ALL
            SELECT 'example-gongsu' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'awards' AS indicator_id, '表彰奖励' AS indicator_name,
                   '受国家、省、市、区表彰的分别计5、4、3、2分，同一事项按最高级别计一次，集体荣誉减半，最高5分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 6 AS sort_order
            FROM s_awards);

-- evidence
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id", a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."dept_key" IN ('gongsu') AND a."status" IN ('on_post', 'seconded', 'retiring') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
m_routine_work AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('routine_work')),
m_cases_closed AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (2.0 * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'case.case' AND f.kind IN ('case_closed')),
m_overdue_cases AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'case_overdue' THEN 2.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'case.case' AND f.kind IN ('case_overdue')),
m_attendance AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'late' THEN 1.0 WHEN 'absent' THEN 5.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('late', 'absent')),
m_bulletins AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               ((CASE level WHEN 'national' THEN 10.0 WHEN 'provincial' THEN 5.0 WHEN 'city' THEN 2.0 WHEN 'district' THEN 1.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.bulletin'),
m_awards AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'national' THEN 5.0 WHEN 'provincial' THEN 4.0 WHEN 'city' THEN 3.0 WHEN 'district' THEN 2.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'national' THEN 5.0 WHEN 'provincial' THEN 4.0 WHEN 'city' THEN 3.0 WHEN 'district' THEN 2.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.award')
        SELECT 'example-gongsu' || '|' || appraisee_id || '|' || period_id || '|'
                   || indicator_id AS indicator_score_id, activity_id, points
        FROM (SELECT appraisee_id, period_id, 'routine_work' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_routine_work UNION ALL SELECT appraisee_id, period_id, 'cases_closed' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_cases_closed UNION ALL SELECT appraisee_id, period_id, 'overdue_cases' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_overdue_cases UNION ALL SELECT appraisee_id, period_id, 'attendance' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_attendance UNION ALL SELECT appraisee_id, period_id, 'bulletins' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_bulletins UNION ALL SELECT appraisee_id, period_id, 'awards' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_awards);

-- appraisals (from scores)
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id", a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."dept_key" IN ('gongsu') AND a."status" IN ('on_post', 'seconded', 'retiring') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
wide AS (
            SELECT appraisee_id, period_id, max(points) FILTER (WHERE indicator_id = 'routine_work') AS "p_routine_work", max(points) FILTER (WHERE indicator_id = 'cases_closed') AS "p_cases_closed", max(points) FILTER (WHERE indicator_id = 'overdue_cases') AS "p_overdue_cases", max(points) FILTER (WHERE indicator_id = 'attendance') AS "p_attendance", max(points) FILTER (WHERE indicator_id = 'bulletins') AS "p_bulletins", max(points) FILTER (WHERE indicator_id = 'awards') AS "p_awards" FROM scores
            WHERE spec_id = 'example-gongsu' AND spec_version = '2026.1'
            GROUP BY appraisee_id, period_id),
totals AS (
            SELECT a.*, '2026.1' AS spec_version, round(((((("p_routine_work" + "p_cases_closed") + "p_overdue_cases") + "p_attendance") + "p_bulletins") + "p_awards"), 4) AS raw_total
            FROM appraisees a JOIN wide w USING (appraisee_id, period_id)),
checked AS (SELECT t.* FROM totals t),
flags AS (
            SELECT *,
                   (FALSE) AS veto_zero,
                   NULL::INTEGER AS cap_idx,
                   NULL::INTEGER AS forced_idx,
                   (FALSE) AS not_graded,
                   (FALSE) AS undetermined,
                   list_filter([]::VARCHAR[], x -> x IS NOT NULL) AS notes
            FROM checked),
banded AS (
            SELECT *, CASE WHEN total >= 90.0 THEN 0 WHEN total >= 75.0 THEN 1 WHEN total >= 60.0 THEN 2 ELSE 3 END AS band_idx,
                   []::VARCHAR[] AS band_notes
            FROM (SELECT *, CASE WHEN veto_zero THEN 0.0 ELSE raw_total END AS total
                  FROM flags)),
graded AS (
            SELECT * REPLACE (list_concat(band_notes, notes) AS notes),
                   CASE WHEN not_graded THEN NULL
                        WHEN forced_idx IS NOT NULL THEN forced_idx
                        WHEN undetermined THEN NULL
                        ELSE greatest(band_idx, coalesce(cap_idx, 0)) END AS idx,
                   forced_idx IS NOT NULL AND NOT not_graded AS is_forced
            FROM banded),
paid AS (
        SELECT t.*, grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '良好' WHEN 2 THEN '称职' WHEN 3 THEN '不称职' END AS grade FROM graded) t)
        SELECT 'example-gongsu' AS spec_id, spec_version,
               'person' AS appraisee_type, appraisee_id, period_id, org_unit_id,
               category, total,
               rank() OVER (PARTITION BY period_id, rank_group ORDER BY total DESC)
                   AS rank_in_category,
               count(*) OVER (PARTITION BY period_id, rank_group) AS category_size,
               grade,
               nullif(array_to_string(notes, '；'), '') AS grade_note,
               CASE WHEN not_graded THEN 'not_graded' WHEN grade IS NULL THEN 'undetermined'
                    ELSE 'graded' END AS grade_status,
               NULL::DOUBLE AS payout
        FROM paid t;

-- kpi_specs/demo/konggao-2026.yaml: konggao-staff version 2026.1

-- indicator scores
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id", a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."dept_key" IN ('konggao') AND a."status" IN ('on_post', 'seconded', 'retiring') AND a."post" IN ('主任', '副主任', '一级检察官', '检察官', '检察员', '检察官助理') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
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
m_overdue AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'case_overdue' THEN 2.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'case.case' AND f.kind IN ('case_overdue')),
s_overdue AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '超期案件 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 10.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 10.0), 0.0) AS points,
                   (10.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'case_overdue'), 0) AS measure, '超期案件 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'case_overdue'), 0), 2)) || ' 次' AS measure_label, CASE WHEN FALSE THEN 0.0 ELSE 10.0 - (2.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'case_overdue'), 0)) END AS raw_points FROM m_overdue GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_key_project AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('key_project')),
s_key_project AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 15.0) AS points,
                   (15.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_key_project GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_attendance AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'late' THEN 0.5 WHEN 'absent' THEN 5.0 ELSE 0.0 END) * quantity) AS contribution
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
                   coalesce(g.raw_points, 5.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 5.0), 0.0) AS points,
                   (5.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'late'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'absent'), 0) AS measure, '迟到 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'late'), 0), 2)) || ' 次' || '；' || '旷工 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'absent'), 0), 2)) || ' 次' AS measure_label, CASE WHEN coalesce(sum(quantity) FILTER (WHERE kind = 'late'), 0) >= 10.0 OR coalesce(sum(quantity) FILTER (WHERE kind = 'absent'), 0) >= 1.0 THEN 0.0 ELSE 5.0 - (0.5 * coalesce(sum(quantity) FILTER (WHERE kind = 'late'), 0) + 5.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'absent'), 0)) END AS raw_points FROM m_attendance GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_evaluation AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('leader', 'colleague') THEN value / nullif(count(value) OVER (PARTITION BY a.appraisee_id, a.period_id, kind), 0) END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'ratings.rating' AND f.kind IN ('leader', 'colleague')),
s_evaluation AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未评，各层级按满分计' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 200.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 200.0), 0.0), 200.0) AS points,
                   (200.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(value) FILTER (WHERE kind IN ('leader', 'colleague')) AS measure, '领导测评 ' || CASE WHEN count(value) FILTER (WHERE kind = 'leader') = 0 THEN '未评，按满分 100' ELSE printf('%g', round(avg(value) FILTER (WHERE kind = 'leader'), 2)) || '（' || count(value) FILTER (WHERE kind = 'leader') || ' 人）' END || '；' || '群众测评 ' || CASE WHEN count(value) FILTER (WHERE kind = 'colleague') = 0 THEN '未评，按满分 100' ELSE printf('%g', round(avg(value) FILTER (WHERE kind = 'colleague'), 2)) || '（' || count(value) FILTER (WHERE kind = 'colleague') || ' 人）' END AS measure_label, coalesce(avg(value) FILTER (WHERE kind = 'leader'), 100.0) + coalesce(avg(value) FILTER (WHERE kind = 'colleague'), 100.0) AS raw_points FROM m_evaluation GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_bulletins AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               ((CASE level WHEN 'national' THEN 3.0 WHEN 'provincial' THEN 2.0 WHEN 'city' THEN 1.0 WHEN 'district' THEN 0.5 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
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
                   least(coalesce(g.raw_points, 0.0), 3.0) AS points,
                   (3.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_bulletins GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_awards AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'national' THEN 2.0 WHEN 'provincial' THEN 1.5 WHEN 'city' THEN 1.0 WHEN 'district' THEN 0.5 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'national' THEN 2.0 WHEN 'provincial' THEN 1.5 WHEN 'city' THEN 1.0 WHEN 'district' THEN 0.5 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
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
                   least(coalesce(g.raw_points, 0.0), 2.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_awards GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_adjust AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('reward', 'penalty')),
s_adjust AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), -5.0), 5.0) AS points,
                   (5.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_adjust GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id))
        SELECT spec_id || '|' || appraisee_id || '|' || period_id || '|' || indicator_id
                   AS indicator_score_id, *
        FROM (
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'routine_work' AS indicator_id, '常规工作' AS indicator_name,
                   '常规工作由部门负责人按季度工作台账评分（满分50分），按80%计入总分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 1 AS sort_order
            FROM s_routine_work
UNION ALL
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'cases_closed' AS indicator_id, '控告申诉案件' AS indicator_name,
                   '本季度办结控告申诉案件每件计2分，最高20分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 2 AS sort_order
            FROM s_cases_closed
UNION ALL
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'overdue' AS indicator_id, '超期办案' AS indicator_name,
                   '办案期限满分10分，每超期一件扣2分，扣完为止。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 3 AS sort_order
            FROM s_overdue
UNION ALL
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'key_project' AS indicator_id, '重点工作' AS indicator_name,
                   '承担院党组部署的重点工作、专项活动的，由部门负责人按完成情况评分，最高15分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 4 AS sort_order
            FROM s_key_project
UNION ALL
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'attendance' AS indicator_id, '考勤' AS indicator_name,
                   '考勤满分5分，迟到一次扣0.5分，迟到10次或以上该项不得分；旷工一天扣5分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 5 AS sort_order
            FROM s_attendance
UNION ALL
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'evaluation' AS indicator_id, '民主测评' AS indicator_name,
                   '每季度末由院领导、部门负责人和部门全体干警进行测评（百分制），领导测评与群众测评各取平均分，两项之和乘以0.05计入总分，满分10分；未组织测评的层次按满分计。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 6 AS sort_order
            FROM s_evaluation
UNION ALL
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'bulletins' AS indicator_id, '信息简报' AS indicator_name,
                   '信息被国家级、省级、市级、区级采用的，每篇分别计3、2、1、0.5分，最高3分。（办公室信息简报库）' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 7 AS sort_order
            FROM s_bulletins
UNION ALL
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'awards' AS indicator_id, '表彰奖励' AS indicator_name,
                   '受国家、省、市、区表彰的分别计2、1.5、1、0.5分，同一事项按最高级别计一次，集体荣誉减半，最高2分。（政治部表彰奖励库）' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 8 AS sort_order
            FROM s_awards
UNION ALL
            SELECT 'konggao-staff' AS spec_id, '2026.1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'adjust' AS indicator_id, '奖惩加减分' AS indicator_name,
                   '经部门负责人审核的奖励加分、惩戒扣分相抵后计入，加减均不超过5分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 9 AS sort_order
            FROM s_adjust);

-- evidence
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id", a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."dept_key" IN ('konggao') AND a."status" IN ('on_post', 'seconded', 'retiring') AND a."post" IN ('主任', '副主任', '一级检察官', '检察官', '检察员', '检察官助理') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
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
m_overdue AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'case_overdue' THEN 2.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'case.case' AND f.kind IN ('case_overdue')),
m_key_project AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('key_project')),
m_attendance AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'late' THEN 0.5 WHEN 'absent' THEN 5.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('late', 'absent')),
m_evaluation AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('leader', 'colleague') THEN value / nullif(count(value) OVER (PARTITION BY a.appraisee_id, a.period_id, kind), 0) END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'ratings.rating' AND f.kind IN ('leader', 'colleague')),
m_bulletins AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               ((CASE level WHEN 'national' THEN 3.0 WHEN 'provincial' THEN 2.0 WHEN 'city' THEN 1.0 WHEN 'district' THEN 0.5 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.bulletin'),
m_awards AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'national' THEN 2.0 WHEN 'provincial' THEN 1.5 WHEN 'city' THEN 1.0 WHEN 'district' THEN 0.5 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'national' THEN 2.0 WHEN 'provincial' THEN 1.5 WHEN 'city' THEN 1.0 WHEN 'district' THEN 0.5 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.award'),
m_adjust AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('reward', 'penalty'))
        SELECT 'konggao-staff' || '|' || appraisee_id || '|' || period_id || '|'
                   || indicator_id AS indicator_score_id, activity_id, points
        FROM (SELECT appraisee_id, period_id, 'routine_work' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_routine_work UNION ALL SELECT appraisee_id, period_id, 'cases_closed' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_cases_closed UNION ALL SELECT appraisee_id, period_id, 'overdue' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_overdue UNION ALL SELECT appraisee_id, period_id, 'key_project' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_key_project UNION ALL SELECT appraisee_id, period_id, 'attendance' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_attendance UNION ALL SELECT appraisee_id, period_id, 'evaluation' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_evaluation UNION ALL SELECT appraisee_id, period_id, 'bulletins' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_bulletins UNION ALL SELECT appraisee_id, period_id, 'awards' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_awards UNION ALL SELECT appraisee_id, period_id, 'adjust' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_adjust);

-- appraisals (from scores)
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id", a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."dept_key" IN ('konggao') AND a."status" IN ('on_post', 'seconded', 'retiring') AND a."post" IN ('主任', '副主任', '一级检察官', '检察官', '检察员', '检察官助理') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
wide AS (
            SELECT appraisee_id, period_id, max(points) FILTER (WHERE indicator_id = 'routine_work') AS "p_routine_work", max(points) FILTER (WHERE indicator_id = 'cases_closed') AS "p_cases_closed", max(points) FILTER (WHERE indicator_id = 'overdue') AS "p_overdue", max(points) FILTER (WHERE indicator_id = 'key_project') AS "p_key_project", max(points) FILTER (WHERE indicator_id = 'attendance') AS "p_attendance", max(points) FILTER (WHERE indicator_id = 'evaluation') AS "p_evaluation", max(points) FILTER (WHERE indicator_id = 'bulletins') AS "p_bulletins", max(points) FILTER (WHERE indicator_id = 'awards') AS "p_awards", max(points) FILTER (WHERE indicator_id = 'adjust') AS "p_adjust" FROM scores
            WHERE spec_id = 'konggao-staff' AND spec_version = '2026.1'
            GROUP BY appraisee_id, period_id),
totals AS (
            SELECT a.*, '2026.1' AS spec_version, round(((((((((("p_routine_work" * 0.8) + ("p_cases_closed" * 0.75)) + ("p_overdue" * 0.5)) + "p_key_project") + "p_attendance") + ("p_evaluation" * 0.05)) + "p_bulletins") + "p_awards") + "p_adjust"), 4) AS raw_total
            FROM appraisees a JOIN wide w USING (appraisee_id, period_id)),
checked AS (SELECT t.*, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('admonition', 'efficiency_warning')) >= 1.0) AS c0, (EXISTS (SELECT 1 FROM people x WHERE x.person_id = t.appraisee_id AND x."status" IN ('retiring'))) AS c1, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'office.attendance' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('leave') AND f.level IN ('sick', 'personal')) >= 31.0) AS c2, (EXISTS (SELECT 1 FROM people x WHERE x.person_id = t.appraisee_id AND x.hire_date > t.end_date - INTERVAL 90 DAY)) AS c3, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'office.attendance' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('absent')) >= 2.0) AS c4, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('demerit', 'major_demerit', 'demotion', 'dismissal')) >= 1.0) AS c5 FROM totals t),
flags AS (
            SELECT *,
                   (FALSE) AS veto_zero,
                   CASE WHEN c0 THEN 2 END AS cap_idx,
                   greatest(CASE WHEN c4 THEN 3 END, CASE WHEN c5 THEN 3 END) AS forced_idx,
                   (c1 OR c2) AS not_graded,
                   (c3) AS undetermined,
                   list_filter([CASE WHEN c0 THEN '一票否决：当季受到诫勉谈话或效能告诫' END, CASE WHEN c1 THEN '不参加评定等次：当年退休人员' END, CASE WHEN c2 THEN '不参加评定等次：当季病事假累计超过30个工作日' END, CASE WHEN c3 THEN '不确定等次：新录用人员试用期内' END, CASE WHEN c4 THEN '定为不称职：当季旷工' END, CASE WHEN c5 THEN '定为不称职：受记过以上处分' END]::VARCHAR[], x -> x IS NOT NULL) AS notes
            FROM checked),
banded AS (
            SELECT *, CASE WHEN total >= 85.0 THEN 0 WHEN total >= 75.0 THEN 1 WHEN total >= 60.0 THEN 2 ELSE 3 END AS band_idx,
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
quota_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, '超出优秀名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 0 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, NULL ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > floor(count(idx) OVER (PARTITION BY period_id, NULL) * 0.2) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, NULL), FALSE) AS drop
                  FROM graded)),
quota_1 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 2 ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, '超出良好名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 1 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 1 AND NOT is_forced) OVER (PARTITION BY period_id, NULL ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > floor(count(idx) OVER (PARTITION BY period_id, NULL) * 0.4) - count(*) FILTER (WHERE is_forced AND idx = 1) OVER (PARTITION BY period_id, NULL), FALSE) AS drop
                  FROM quota_0)),
paid AS (
        SELECT t.* REPLACE (list_concat(t.notes, CASE t.idx WHEN 3 THEN ['后果：由部门负责人进行诫勉谈话、不享受当季绩效奖金'] ELSE []::VARCHAR[] END) AS notes), grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '良好' WHEN 2 THEN '称职' WHEN 3 THEN '不称职' END AS grade FROM quota_1) t)
        SELECT 'konggao-staff' AS spec_id, spec_version,
               'person' AS appraisee_type, appraisee_id, period_id, org_unit_id,
               category, total,
               rank() OVER (PARTITION BY period_id, rank_group ORDER BY total DESC)
                   AS rank_in_category,
               count(*) OVER (PARTITION BY period_id, rank_group) AS category_size,
               grade,
               nullif(array_to_string(notes, '；'), '') AS grade_note,
               CASE WHEN not_graded THEN 'not_graded' WHEN grade IS NULL THEN 'undetermined'
                    ELSE 'graded' END AS grade_status,
               CASE WHEN not_graded AND (FALSE) THEN 0.0 WHEN not_graded THEN (SELECT 1800.0 * greatest(least((year(coalesce(x.leave_date, t.end_date)) * 12 + month(coalesce(x.leave_date, t.end_date)) - year(t.start_date) * 12 - month(t.start_date) + 1), (year(t.end_date) * 12 + month(t.end_date) - year(t.start_date) * 12 - month(t.start_date) + 1)), 0) / (year(t.end_date) * 12 + month(t.end_date) - year(t.start_date) * 12 - month(t.start_date) + 1) FROM people x WHERE x.person_id = t.appraisee_id) ELSE CASE paid_grade WHEN '优秀' THEN 3000.0 WHEN '良好' THEN 2400.0 WHEN '称职' THEN 1800.0 WHEN '不称职' THEN 0.0 ELSE 0.0 END END AS payout
        FROM paid t;

-- roll-up (from _kpi_period_results)
SELECT * EXCLUDE (start_date, end_date) REPLACE (
            nullif(concat_ws('；', grade_note, CASE WHEN grade = '不称职' AND lag(grade, 1) OVER (PARTITION BY appraisee_id ORDER BY start_date) = '不称职' AND lag(end_date, 1) OVER (PARTITION BY appraisee_id ORDER BY start_date) = start_date - INTERVAL 1 DAY THEN '连续2次不称职：予以辞退' END), '') AS grade_note)
        FROM (SELECT r.*, p.start_date, p.end_date
              FROM (WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id", a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a."dept_key" IN ('konggao') AND a."status" IN ('on_post', 'seconded', 'retiring') AND a."post" IN ('主任', '副主任', '一级检察官', '检察官', '检察员', '检察官助理') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
totals AS (
            SELECT a.*, max(s.spec_version) AS spec_version,
                   round(sum(s.total::DECIMAL(18, 6)) / count(s.total), 4) AS raw_total, count(*) FILTER (WHERE s.grade = '不称职') AS "n_不称职", count(*) FILTER (WHERE s.grade = '优秀') AS "n_优秀"
            FROM appraisees a
            JOIN _kpi_period_results s ON s.appraisee_id = a.appraisee_id
                AND s.spec_id = 'konggao-staff'
            JOIN periods p ON p.period_id = s.period_id
                AND p.period_type = 'quarter'
                AND p.start_date >= a.start_date AND p.end_date <= a.end_date
            GROUP BY ALL),
checked AS (SELECT t.*, (EXISTS (SELECT 1 FROM people x WHERE x.person_id = t.appraisee_id AND x.hire_date > t.end_date - INTERVAL 365 DAY)) AS c0 FROM totals t),
flags AS (
            SELECT *,
                   (FALSE) AS veto_zero,
                   NULL::INTEGER AS cap_idx,
                   greatest(CASE WHEN "n_不称职" >= 2 THEN 3 END, CASE WHEN "n_不称职" >= 1 THEN 2 END) AS forced_idx,
                   (FALSE) AS not_graded,
                   (c0) AS undetermined,
                   list_filter([CASE WHEN "n_不称职" >= 2 THEN '不称职2次及以上：不称职' END, CASE WHEN "n_不称职" >= 1 THEN '不称职1次及以上：基本称职' END, CASE WHEN c0 THEN '不确定等次：新录用人员试用期内' END]::VARCHAR[], x -> x IS NOT NULL) AS notes
            FROM checked),
banded AS (
            SELECT *, CASE WHEN total >= 80.0 THEN 0 WHEN total >= 65.0 THEN 1 WHEN total >= 60.0 THEN 2 ELSE 3 END AS band_idx,
                   []::VARCHAR[] AS band_notes
            FROM (SELECT *, CASE WHEN veto_zero THEN 0.0 ELSE raw_total END AS total
                  FROM flags)),
required_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE band_idx END AS band_idx,
                CASE WHEN drop THEN list_append(band_notes, '优秀少于1次，不能评为优秀')
                     ELSE band_notes END AS band_notes)
            FROM (SELECT *, coalesce(band_idx = 0 AND ("n_优秀" < 1), FALSE) AS drop
                  FROM banded)),
graded AS (
            SELECT * REPLACE (list_concat(band_notes, notes) AS notes),
                   CASE WHEN not_graded THEN NULL
                        WHEN forced_idx IS NOT NULL THEN forced_idx
                        WHEN undetermined THEN NULL
                        ELSE greatest(band_idx, coalesce(cap_idx, 0)) END AS idx,
                   forced_idx IS NOT NULL AND NOT not_graded AS is_forced
            FROM required_0),
quota_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, '超出优秀名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 0 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, NULL ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > floor(count(idx) OVER (PARTITION BY period_id, NULL) * 0.15) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, NULL), FALSE) AS drop
                  FROM graded)),
paid AS (
        SELECT t.* REPLACE (list_concat(t.notes, CASE t.idx WHEN 3 THEN ['后果：不享受年度考核奖金、降低一个职务层次任职'] ELSE []::VARCHAR[] END) AS notes), grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '称职' WHEN 2 THEN '基本称职' WHEN 3 THEN '不称职' END AS grade FROM quota_0) t)
        SELECT 'konggao-staff' AS spec_id, spec_version,
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
        FROM paid t) r JOIN periods p USING (period_id));

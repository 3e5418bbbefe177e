-- kpi_specs/schemes/shinan.yaml: seed-shinan version 1

-- indicator scores
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a.category IN ('机关公务员', '法律援助中心工作人员')),
m_theory_study AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('confirmed') THEN 3.0 * quantity / nullif(sum(CASE WHEN kind IN ('confirmed', 'late', 'absent') THEN quantity ELSE 0.0 END) OVER (PARTITION BY a.appraisee_id, a.period_id), 0) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.study' AND f.kind IN ('confirmed', 'late', 'absent')),
s_theory_study AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '无场次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 3.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 3.0), 0.0), 3.0) AS points,
                   (3.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed')), 0.0) AS measure, '按时参加学习 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed')), 0.0), 2)) || ' 次 / 共 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed', 'late', 'absent')), 0.0), 2)) || ' 次' AS measure_label, CASE WHEN coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed', 'late', 'absent')), 0.0) > 0 THEN 3.0 * coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed')), 0.0) / coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed', 'late', 'absent')), 0.0) ELSE 3.0 END AS raw_points FROM m_theory_study GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_training AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'reprimanded' THEN 1.0 WHEN 'missed_higher' THEN 0.5 WHEN 'missed_internal' THEN 0.2 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.training' AND f.kind IN ('reprimanded', 'missed_higher', 'missed_internal')),
s_training AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '调训缺勤或听课不认真被通报批评 0 次；未参加上级机关组织的其它培训 0 次；未参加本部门组织的其它培训 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 2.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 2.0), 0.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'reprimanded'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'missed_higher'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'missed_internal'), 0) AS measure, '调训缺勤或听课不认真被通报批评 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'reprimanded'), 0), 2)) || ' 次' || '；' || '未参加上级机关组织的其它培训 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'missed_higher'), 0), 2)) || ' 次' || '；' || '未参加本部门组织的其它培训 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'missed_internal'), 0), 2)) || ' 次' AS measure_label, CASE WHEN FALSE THEN 0.0 ELSE 2.0 - (1.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'reprimanded'), 0) + 0.5 * coalesce(sum(quantity) FILTER (WHERE kind = 'missed_higher'), 0) + 0.2 * coalesce(sum(quantity) FILTER (WHERE kind = 'missed_internal'), 0)) END AS raw_points FROM m_training GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_exams AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'exam_failed' THEN 1.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.training' AND f.kind IN ('exam_failed')),
s_exams AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '达标考试不合格 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 2.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 2.0), 0.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'exam_failed'), 0) AS measure, '达标考试不合格 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'exam_failed'), 0), 2)) || ' 次' AS measure_label, CASE WHEN FALSE THEN 0.0 ELSE 2.0 - (1.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'exam_failed'), 0)) END AS raw_points FROM m_exams GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_on_time AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               NULL::DOUBLE AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('on_time', 'late', 'absent')),
s_on_time AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN NULL::DOUBLE ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '无记录' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   coalesce(g.raw_points, 0.0) AS points,
                   (1.5)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
        SELECT appraisee_id, period_id,
               avg(rate) AS measure,
               '月均比率 ' || printf('%g', round(100 * avg(rate), 1)) || '%（' || count(*) || ' 个月）'
                   AS measure_label,
               avg(points) AS raw_points
        FROM (
            SELECT appraisee_id, period_id, rate,
                   CASE WHEN rate >= 0.9 THEN 1.5 WHEN rate >= 0.8 THEN 1.0 WHEN rate >= 0.7 THEN 0.6 ELSE 0.0 END AS points
            FROM (
                SELECT appraisee_id, period_id, date_trunc('month', activity_date) AS month,
                       coalesce(sum(quantity) FILTER (WHERE kind IN ('on_time')), 0) / sum(quantity) FILTER (WHERE kind IN ('on_time', 'late', 'absent')) AS rate
                FROM m_on_time
                GROUP BY ALL
                HAVING sum(quantity) FILTER (WHERE kind IN ('on_time', 'late', 'absent')) > 0
            )
        )
        GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_no_early_leave AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               NULL::DOUBLE AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('left_on_time', 'early_leave')),
s_no_early_leave AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN NULL::DOUBLE ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '无记录' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   coalesce(g.raw_points, 0.0) AS points,
                   (1.5)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
        SELECT appraisee_id, period_id,
               avg(rate) AS measure,
               '月均比率 ' || printf('%g', round(100 * avg(rate), 1)) || '%（' || count(*) || ' 个月）'
                   AS measure_label,
               avg(points) AS raw_points
        FROM (
            SELECT appraisee_id, period_id, rate,
                   CASE WHEN rate >= 0.9 THEN 1.5 WHEN rate >= 0.8 THEN 1.0 WHEN rate >= 0.7 THEN 0.6 ELSE 0.0 END AS points
            FROM (
                SELECT appraisee_id, period_id, date_trunc('month', activity_date) AS month,
                       coalesce(sum(quantity) FILTER (WHERE kind IN ('left_on_time')), 0) / sum(quantity) FILTER (WHERE kind IN ('left_on_time', 'early_leave')) AS rate
                FROM m_no_early_leave
                GROUP BY ALL
                HAVING sum(quantity) FILTER (WHERE kind IN ('left_on_time', 'early_leave')) > 0
            )
        )
        GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_lunch AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               NULL::DOUBLE AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('lunch_on_time', 'lunch_late')),
s_lunch AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN NULL::DOUBLE ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '无记录' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   coalesce(g.raw_points, 0.0) AS points,
                   (1.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
        SELECT appraisee_id, period_id,
               avg(rate) AS measure,
               '月均比率 ' || printf('%g', round(100 * avg(rate), 1)) || '%（' || count(*) || ' 个月）'
                   AS measure_label,
               avg(points) AS raw_points
        FROM (
            SELECT appraisee_id, period_id, rate,
                   CASE WHEN rate >= 0.8 THEN 1.0 WHEN rate >= 0.7 THEN 0.6 WHEN rate >= 0.6 THEN 0.3 ELSE 0.0 END AS points
            FROM (
                SELECT appraisee_id, period_id, date_trunc('month', activity_date) AS month,
                       coalesce(sum(quantity) FILTER (WHERE kind IN ('lunch_on_time')), 0) / sum(quantity) FILTER (WHERE kind IN ('lunch_on_time', 'lunch_late')) AS rate
                FROM m_lunch
                GROUP BY ALL
                HAVING sum(quantity) FILTER (WHERE kind IN ('lunch_on_time', 'lunch_late')) > 0
            )
        )
        GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_activities AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('confirmed') THEN 2.0 * quantity / nullif(sum(CASE WHEN kind IN ('confirmed', 'late', 'absent') THEN quantity ELSE 0.0 END) OVER (PARTITION BY a.appraisee_id, a.period_id), 0) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.activity' AND f.kind IN ('confirmed', 'late', 'absent')),
s_activities AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '无场次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 2.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 2.0), 0.0), 2.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed')), 0.0) AS measure, '按时参加集体活动 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed')), 0.0), 2)) || ' 次 / 共 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed', 'late', 'absent')), 0.0), 2)) || ' 次' AS measure_label, CASE WHEN coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed', 'late', 'absent')), 0.0) > 0 THEN 2.0 * coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed')), 0.0) / coalesce(sum(quantity) FILTER (WHERE kind IN ('confirmed', 'late', 'absent')), 0.0) ELSE 2.0 END AS raw_points FROM m_activities GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_office_order AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'inspection_failed' THEN 0.5 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.inspection' AND f.kind IN ('inspection_failed')),
s_office_order AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '办公秩序检查不合格项 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 2.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 2.0), 0.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'inspection_failed'), 0) AS measure, '办公秩序检查不合格项 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'inspection_failed'), 0), 2)) || ' 次' AS measure_label, CASE WHEN FALSE THEN 0.0 ELSE 2.0 - (0.5 * coalesce(sum(quantity) FILTER (WHERE kind = 'inspection_failed'), 0)) END AS raw_points FROM m_office_order GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_complaints AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'complaint_upheld' THEN 1.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.discipline' AND f.kind IN ('complaint_upheld')),
s_complaints AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '被投诉经查属实 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 1.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 1.0), 0.0) AS points,
                   (1.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'complaint_upheld'), 0) AS measure, '被投诉经查属实 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'complaint_upheld'), 0), 2)) || ' 次' AS measure_label, CASE WHEN FALSE THEN 0.0 ELSE 1.0 - (1.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'complaint_upheld'), 0)) END AS raw_points FROM m_complaints GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_discipline AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'basic_competent_case' THEN 1.5 WHEN 'warning' THEN 1.5 WHEN 'demerit' THEN 2.0 WHEN 'major_demerit' THEN 2.0 WHEN 'demotion' THEN 2.0 WHEN 'removal' THEN 2.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.discipline' AND f.kind IN ('basic_competent_case', 'warning', 'demerit', 'major_demerit', 'demotion', 'removal')),
s_discipline AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '具有基本称职等次情形 0 次；警告处分 0 次；记过 0 次；记大过 0 次；降级 0 次；撤职 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 2.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 2.0), 0.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'basic_competent_case'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'warning'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'demerit'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'major_demerit'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'demotion'), 0) + coalesce(sum(quantity) FILTER (WHERE kind = 'removal'), 0) AS measure, '具有基本称职等次情形 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'basic_competent_case'), 0), 2)) || ' 次' || '；' || '警告处分 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'warning'), 0), 2)) || ' 次' || '；' || '记过 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'demerit'), 0), 2)) || ' 次' || '；' || '记大过 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'major_demerit'), 0), 2)) || ' 次' || '；' || '降级 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'demotion'), 0), 2)) || ' 次' || '；' || '撤职 ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'removal'), 0), 2)) || ' 次' AS measure_label, CASE WHEN FALSE THEN 0.0 ELSE 2.0 - (1.5 * coalesce(sum(quantity) FILTER (WHERE kind = 'basic_competent_case'), 0) + 1.5 * coalesce(sum(quantity) FILTER (WHERE kind = 'warning'), 0) + 2.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'demerit'), 0) + 2.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'major_demerit'), 0) + 2.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'demotion'), 0) + 2.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'removal'), 0)) END AS raw_points FROM m_discipline GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_serious_violation AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'serious_violation' THEN 2.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.discipline' AND f.kind IN ('serious_violation')),
s_serious_violation AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '严重违纪违法（不称职情形或刑事处罚） 0 次' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 2.0) AS raw_points,
                   greatest(coalesce(g.raw_points, 2.0), 0.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(quantity) FILTER (WHERE kind = 'serious_violation'), 0) AS measure, '严重违纪违法（不称职情形或刑事处罚） ' || printf('%g', round(coalesce(sum(quantity) FILTER (WHERE kind = 'serious_violation'), 0), 2)) || ' 次' AS measure_label, CASE WHEN FALSE THEN 0.0 ELSE 2.0 - (2.0 * coalesce(sum(quantity) FILTER (WHERE kind = 'serious_violation'), 0)) END AS raw_points FROM m_serious_violation GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_goals AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) = max(CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) THEN (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) END) OVER (PARTITION BY a.appraisee_id, a.period_id, CAST(date_trunc('week', activity_date) AS DATE), coalesce(event_key, '')) THEN value / count(CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) THEN 1 END) OVER (PARTITION BY a.appraisee_id, a.period_id, CAST(date_trunc('week', activity_date) AS DATE), coalesce(event_key, ''), level) / count(DISTINCT CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) THEN coalesce(event_key, '') END) OVER (PARTITION BY a.appraisee_id, a.period_id, CAST(date_trunc('week', activity_date) AS DATE)) / nullif((52.0 - count(DISTINCT CASE WHEN CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date AND ((kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) OR kind = 'journal_excused') THEN CAST(date_trunc('week', activity_date) AS DATE) END) OVER (PARTITION BY a.appraisee_id, a.period_id) + count(DISTINCT CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) THEN CAST(date_trunc('week', activity_date) AS DATE) END) OVER (PARTITION BY a.appraisee_id, a.period_id)), 0) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.journal' AND f.kind IN ('journal_score', 'journal_excused')),
s_goals AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '无周记' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 50.0) AS points,
                   (50.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
        SELECT appraisee_id, period_id, scored_weeks AS measure,
               '记分 ' || scored_weeks || ' 周 / 应计 ' || due || ' 周'
                   || CASE WHEN excused_only > 0 THEN '（免计 ' || excused_only || ' 周）'
                      ELSE '' END AS measure_label,
               CASE WHEN due > 0 THEN total / due ELSE 0.0 END
                   AS raw_points
        FROM (
            SELECT a.appraisee_id, a.period_id,
                   count(w.score) AS scored_weeks,
                   coalesce(sum(w.score), 0.0) AS total,
                   count(*) FILTER (WHERE w.excused AND w.score IS NULL) AS excused_only,
                   52.0 - count(*) FILTER (WHERE w.excused AND w.score IS NULL) AS due
            FROM (
                SELECT appraisee_id, period_id, week,
                       avg(final) AS score, bool_or(is_excuse) AS excused
                FROM (
                    SELECT appraisee_id, period_id, week, final, FALSE AS is_excuse
                    FROM (
                        SELECT appraisee_id, period_id, week, goal, avg(value) AS final,
                               rank() OVER (PARTITION BY appraisee_id, period_id, week, goal
                                            ORDER BY lvl DESC) AS top
                        FROM (
                            SELECT appraisee_id, period_id, value, CAST(date_trunc('week', activity_date) AS DATE) AS week,
                                   coalesce(event_key, '') AS goal, (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) AS lvl
                            FROM m_goals
                            WHERE kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL
                        )
                        GROUP BY appraisee_id, period_id, week, goal, lvl
                    )
                    WHERE top = 1
                    UNION ALL
                    SELECT appraisee_id, period_id, CAST(date_trunc('week', activity_date) AS DATE), NULL, TRUE
                    FROM m_goals
                    WHERE kind = 'journal_excused'
                )
                GROUP BY appraisee_id, period_id, week
            ) w
            JOIN appraisees a USING (appraisee_id, period_id)
            WHERE w.week BETWEEN a.start_date AND a.end_date
            GROUP BY a.appraisee_id, a.period_id, a.start_date, a.end_date
        )) g USING (appraisee_id, period_id)),
m_leader_eval AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('department_head', 'supervising_leader', 'section_chief') THEN value / nullif(count(value) OVER (PARTITION BY a.appraisee_id, a.period_id, (((year(activity_date) * 12 + month(activity_date)) - (year(a.start_date) * 12 + month(a.start_date))) // 6), kind), 0) / greatest(1, ((year(a.end_date) * 12 + month(a.end_date)) - (year(a.start_date) * 12 + month(a.start_date)) + 6) // 6) END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'ratings.rating' AND f.kind IN ('department_head', 'supervising_leader', 'section_chief')),
s_leader_eval AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未评，各层级按满分计' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 21.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 21.0), 0.0), 21.0) AS points,
                   (21.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
        SELECT appraisee_id, period_id, sum(cast_n) AS measure,
               '共 ' || n_rounds || ' 轮，各轮得分 ' || string_agg(printf('%g', round(round_points, 2)), '、' ORDER BY rnd)
                   || CASE WHEN count(*) < n_rounds
                      THEN '；' || (n_rounds - count(*)) || ' 轮未评，按满分 21'
                      ELSE '' END AS measure_label,
               (sum(round_points) + (n_rounds - count(*)) * 21.0) / n_rounds
                   AS raw_points
        FROM (
            SELECT m.appraisee_id, m.period_id, (((year(activity_date) * 12 + month(activity_date)) - (year(a.start_date) * 12 + month(a.start_date))) // 6) AS rnd, greatest(1, ((year(a.end_date) * 12 + month(a.end_date)) - (year(a.start_date) * 12 + month(a.start_date)) + 6) // 6) AS n_rounds,
                   coalesce(avg(value) FILTER (WHERE kind = 'department_head'), 7.0) + coalesce(avg(value) FILTER (WHERE kind = 'supervising_leader'), 7.0) + coalesce(avg(value) FILTER (WHERE kind = 'section_chief'), 7.0) AS round_points,
                   count(value) FILTER (WHERE kind IN ('department_head', 'supervising_leader', 'section_chief')) AS cast_n
            FROM m_leader_eval m
            JOIN appraisees a USING (appraisee_id, period_id)
            GROUP BY ALL
        )
        GROUP BY appraisee_id, period_id, n_rounds) g USING (appraisee_id, period_id)),
m_staff_eval AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('colleague') THEN value / nullif(count(value) OVER (PARTITION BY a.appraisee_id, a.period_id, (((year(activity_date) * 12 + month(activity_date)) - (year(a.start_date) * 12 + month(a.start_date))) // 6), kind), 0) / greatest(1, ((year(a.end_date) * 12 + month(a.end_date)) - (year(a.start_date) * 12 + month(a.start_date)) + 6) // 6) END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'ratings.rating' AND f.kind IN ('colleague')),
s_staff_eval AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未评，各层级按满分计' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 9.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 9.0), 0.0), 9.0) AS points,
                   (9.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
        SELECT appraisee_id, period_id, sum(cast_n) AS measure,
               '共 ' || n_rounds || ' 轮，各轮得分 ' || string_agg(printf('%g', round(round_points, 2)), '、' ORDER BY rnd)
                   || CASE WHEN count(*) < n_rounds
                      THEN '；' || (n_rounds - count(*)) || ' 轮未评，按满分 9'
                      ELSE '' END AS measure_label,
               (sum(round_points) + (n_rounds - count(*)) * 9.0) / n_rounds
                   AS raw_points
        FROM (
            SELECT m.appraisee_id, m.period_id, (((year(activity_date) * 12 + month(activity_date)) - (year(a.start_date) * 12 + month(a.start_date))) // 6) AS rnd, greatest(1, ((year(a.end_date) * 12 + month(a.end_date)) - (year(a.start_date) * 12 + month(a.start_date)) + 6) // 6) AS n_rounds,
                   coalesce(avg(value) FILTER (WHERE kind = 'colleague'), 9.0) AS round_points,
                   count(value) FILTER (WHERE kind IN ('colleague')) AS cast_n
            FROM m_staff_eval m
            JOIN appraisees a USING (appraisee_id, period_id)
            GROUP BY ALL
        )
        GROUP BY appraisee_id, period_id, n_rounds) g USING (appraisee_id, period_id)),
m_suggestions AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               ((CASE level WHEN 'department' THEN 0.5 WHEN 'district' THEN 1.0 WHEN 'city' THEN 2.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.innovation' AND f.kind IN ('suggestion')),
s_suggestions AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(coalesce(g.raw_points, 0.0), 2.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_suggestions GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_experience AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               ((CASE level WHEN 'national' THEN 3.0 WHEN 'provincial' THEN 2.0 WHEN 'city' THEN 1.0 WHEN 'national_written' THEN 1.5 WHEN 'provincial_written' THEN 1.0 WHEN 'city_written' THEN 0.5 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.innovation' AND f.kind IN ('experience')),
s_experience AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(coalesce(g.raw_points, 0.0), 3.0) AS points,
                   (3.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_experience GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_awards AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'merit_1st' THEN 5.0 WHEN 'merit_2nd' THEN 4.0 WHEN 'merit_3rd' THEN 3.0 WHEN 'advanced_national' THEN 5.0 WHEN 'advanced_provincial' THEN 4.0 WHEN 'advanced_city' THEN 3.0 WHEN 'advanced_district' THEN 2.0 WHEN 'advanced_department' THEN 1.0 WHEN 'bravery_national' THEN 3.0 WHEN 'bravery_provincial' THEN 2.0 WHEN 'bravery_city' THEN 1.0 WHEN 'bravery_district' THEN 0.5 WHEN 'contest_national' THEN 2.0 WHEN 'contest_provincial' THEN 1.5 WHEN 'contest_city' THEN 1.0 WHEN 'contest_district' THEN 0.5 WHEN 'internal_1st' THEN 0.3 WHEN 'internal_2nd' THEN 0.2 WHEN 'internal_3rd' THEN 0.1 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'merit_1st' THEN 5.0 WHEN 'merit_2nd' THEN 4.0 WHEN 'merit_3rd' THEN 3.0 WHEN 'advanced_national' THEN 5.0 WHEN 'advanced_provincial' THEN 4.0 WHEN 'advanced_city' THEN 3.0 WHEN 'advanced_district' THEN 2.0 WHEN 'advanced_department' THEN 1.0 WHEN 'bravery_national' THEN 3.0 WHEN 'bravery_provincial' THEN 2.0 WHEN 'bravery_city' THEN 1.0 WHEN 'bravery_district' THEN 0.5 WHEN 'contest_national' THEN 2.0 WHEN 'contest_provincial' THEN 1.5 WHEN 'contest_city' THEN 1.0 WHEN 'contest_district' THEN 0.5 WHEN 'internal_1st' THEN 0.3 WHEN 'internal_2nd' THEN 0.2 WHEN 'internal_3rd' THEN 0.1 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
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
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_awards GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_goal_achievement AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('goal_achievement')),
s_goal_achievement AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 8.0) AS points,
                   (8.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_goal_achievement GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_goal_assistance AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('goal_assistance')),
s_goal_assistance AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 2.0) AS points,
                   (2.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_goal_assistance GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_goal_failure AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('goal_failure')),
s_goal_failure AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), -8.0), 0.0) AS points,
                   (0.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_goal_failure GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_goal_cooperation AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('goal_poor_cooperation')),
s_goal_cooperation AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), -2.0), 0.0) AS points,
                   (0.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_goal_cooperation GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id))
        SELECT spec_id || '|' || appraisee_id || '|' || period_id || '|' || indicator_id
                   AS indicator_score_id, *
        FROM (
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'theory_study' AS indicator_id, '政治和业务理论学习' AS indicator_name,
                   '积极参加政治和业务理论学习，按要求学习指定内容、撰写心得体会或做好答题卡等，并及时反馈的，经政治处确认， 记一次学习得分。该项年度最高得分3分；每次学习得分为动态分值，计算方法为：3分除以学习次数。…… 未按时反馈的，不得分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 1 AS sort_order
            FROM s_theory_study
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'training' AS indicator_id, '参加培训' AS indicator_name,
                   '本项默认年度得分为2分，实行减分制。被选派参加上级调训、以及列入全区干部教育培训计划的培训班，未能按时出勤， 或听课不认真，受到培训组织部门通报或口头批评的，每次减1分；未按要求参加上级机关或部门组织的其它培训的， 每次分别减0.5分或0.2分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 2 AS sort_order
            FROM s_training
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'exams' AS indicator_id, '考试考核' AS indicator_name,
                   '本项默认年度得分为2分，实行减分制。参加市、区或本单位统一组织的达标类考试，成绩不合格或者未达到标准要求的， 每次减1分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 3 AS sort_order
            FROM s_exams
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'on_time' AS indicator_id, '考勤·按时出勤' AS indicator_name,
                   '机关工作人员考勤包括对是否按时出勤、有无早退及是否按时就餐三种情况的管理。月出勤率为90%以上的，记1.5分； 为80%-89%的，记1分；为70%-79%的，记0.6分，其它不得分。……考核年度内各月得分平均值为本人年度考勤得分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 4 AS sort_order
            FROM s_on_time
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'no_early_leave' AS indicator_id, '考勤·无早退' AS indicator_name,
                   '“无早退”的，同“出勤率”标准。……考核年度内各月得分平均值为本人年度考勤得分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 5 AS sort_order
            FROM s_no_early_leave
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'lunch' AS indicator_id, '考勤·按时就餐' AS indicator_name,
                   '中午按规定时间进餐比率为80%以上的，计1分；为70-79%的，记0.6分；为60%-69%的，记0.3分，其它不得分。 考核年度内各月得分平均值为本人年度考勤得分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 6 AS sort_order
            FROM s_lunch
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'activities' AS indicator_id, '参加集体活动' AS indicator_name,
                   '积极参加本部门组织的各类集体会议、宣传或文体活动等重大集体活动，按时出席、遵守会场纪律和活动安排，及时反馈的， 经办公室确认，记一次集体活动得分。……该项年度最高得分2分；每次集体活动得分为动态分值，计算方法为： 2分除以集体活动次数。……未按时反馈的，不得分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 7 AS sort_order
            FROM s_activities
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'office_order' AS indicator_id, '规范办公秩序' AS indicator_name,
                   '本项默认年度得分为2分，实行减分制。……每出现1个不合格项目，该办公室成员每人减0.5分； 减分项目有明确责任人的，只对责任人减分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 8 AS sort_order
            FROM s_office_order
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'complaints' AS indicator_id, '被投诉经查属实的处理' AS indicator_name,
                   '本项默认年度得分为1分，实行减分制。机关工作人员违反……规定，受到服务对象或单位投诉，经查属实的，每次减1分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 9 AS sort_order
            FROM s_complaints
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'discipline' AS indicator_id, '一般违纪的处理' AS indicator_name,
                   '本项默认年度得分为2分，实行减分制。机关工作人员具有《青岛市处级以下公务员年度考核基本称职和不称职等次参考标准》 第一条规定情形之一的，每次减1.5分，且年度考核最高确定为基本称职等次；受记过、记大过、降级、撤职处分的， 每次减2分，且年度考核不定等次。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 10 AS sort_order
            FROM s_discipline
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'serious_violation' AS indicator_id, '严重违纪、违法的处理' AS indicator_name,
                   '本项默认年度得分为2分，实行减分制。机关工作人员具有《青岛市处级以下公务员年度考核基本称职和不称职等次参考标准》 第二条规定情形之一的，或被处以刑事处罚的，实行“一票否决”、“绩效考核”分数归零，且年度考核确定为不称职等次。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 11 AS sort_order
            FROM s_serious_violation
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'goals' AS indicator_id, '业务目标考核（工作周记）' AS indicator_name,
                   '机关工作人员……每周记录一次，并根据所承担的各类目标任务逐项进行自评打分，每类目标完成情况最高自评分为50分。 科室负责人、分管领导、部门负责人每周分别对个人工作周记进行初审、审核和评定，……各类项目平均分为本周个人 业务目标考核的基本分数；……系统默认较高级别人员的评价分数为周记的最终基本分数。各周周记分数的平均值， 为个人年度业务目标考核的基本分数。……无故不提交工作周记的，该周业务目标考核的基本分数为0分。因公外出、 正常休假、逢法定节假日或其它特殊原因无法按时提交周记的，经分管领导同意，可以于特殊情况结束后5个工作日内， 按考核标准补录周记。……上一级领导未审查的，默认为同意其下级人员评价结果。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 12 AS sort_order
            FROM s_goals
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'leader_eval' AS indicator_id, '领导评议' AS indicator_name,
                   '部门负责人、分管领导和科室负责人根据公共项目考核情况、业务目标完成情况及其他客观表现，分别对被考核人进行量化评议。 （优秀7、良好5、较好3、一般1、较差0）各评议人所赋分值的平均值为被考核人“领导评议”部分实际得分。…… 缺少评议层次的，系统默认为该档满分。每年6月底、12月底由本政治处各发起一次评议，两次评议成绩的平均值为 本项目个人年度得分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 13 AS sort_order
            FROM s_leader_eval
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'staff_eval' AS indicator_id, '全员评议' AS indicator_name,
                   '由评议人根据被考核人日常工作情况及其他应被评议的情况进行赋分。（优秀9分、良好6分、较好3分、一般1分、较差0） 所有评议人所赋分值的平均值，为被考核人“全员评议”部分实际得分。……每年6月底、12月底各评议一次， 两次评议成绩的平均值为本项目个人年度得分。放弃评分的，不计票数。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 14 AS sort_order
            FROM s_staff_eval
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'suggestions' AS indicator_id, '创新建议' AS indicator_name,
                   '创新建议……以书面形式提交。被本部门或区级、市级机关采纳的，每次分别加0.5分、1分、2分。年度最高得分2分。 联名建议的，分值平分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 15 AS sort_order
            FROM s_suggestions
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'experience' AS indicator_id, '创新经验' AS indicator_name,
                   '科室的创新经验在上级组织的专题会议上做经验介绍和典型发言的，或被上级机关、领导批示推广的，或被上级机关正式立项的， 或获得创新类奖项的，按照国家级、省级、市级等不同级别，该科室或组织人员平均分别加3、2、1分。 出席上述会议并作书面交流的，或被对口业务上级部门及领导批示表扬或推广的，加分减半。个人年度最高得分3分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 16 AS sort_order
            FROM s_experience
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'awards' AS indicator_id, '立功受奖' AS indicator_name,
                   '(1)获个人一等功、二等功、三等功的，分别加5分、4分、3分。获国家级、省级、市级、区级、本部门各类先进个人奖励的， 分别加5分、4分、3分、2分、1分。科室或本部门其它组织获同等集体荣誉的，该科室或组织成员的个人加分按上述标准减半均得。 (2)见义勇为或做好人好事受国家级、省级、市级单项表彰奖励的，分别加3分、2分、1分、0.5分。 (3)代表本部门参加业务竞赛或考核，个人获得国家级、省级、市级、区级三等奖及以上奖项的，分别加2分、1.5分、1分、0.5分。 在本部门组织的岗位竞赛中，获得一等奖、二等奖、三等奖的，分别加0.3分、0.2分和0.1分。集体项目获上述同等荣誉的， 参加者的个人加分按上述标准减半均得。以上三项总计年度最高得分5分。同一事项获得不同级别表彰奖励的， 执行其中最高级别的加分标准，不重复计分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 17 AS sort_order
            FROM s_awards
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'goal_achievement' AS indicator_id, '业务目标考核激励·成绩突出' AS indicator_name,
                   '个人承担的市、区、部门业务目标任务获得考评第一名或获得优秀等次的，或受到上级机关领导批示表扬、推广的， 或在单项工作中表现突出、被本部门嘉奖或在正式会议上表扬的，个人每次可申请加2-4分。年度最高得分8分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 18 AS sort_order
            FROM s_goal_achievement
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'goal_assistance' AS indicator_id, '业务目标考核激励·配合协助' AS indicator_name,
                   '根据本部门整体工作的需要或领导指派，积极配合其他科室或个人工作，协助该科室或个人获得本条第一款列举的荣誉的， 个人每次申请加1-2分。年度最高得分2分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 19 AS sort_order
            FROM s_goal_assistance
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'goal_failure' AS indicator_id, '业务目标考核激励·未完成目标' AS indicator_name,
                   '个人承担的区、市、部门业务目标任务，低于部门确定的目标要求的，或因主观原因未完成所承担的工作任务， 或出现工作失误造成较大不良影响的，每次减2-4分。年度最多减分8分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 20 AS sort_order
            FROM s_goal_failure
UNION ALL
            SELECT 'seed-shinan' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'goal_cooperation' AS indicator_id, '业务目标考核激励·配合不力' AS indicator_name,
                   '在按规定配合其他科室或个人工作过程中，不认真履行配合义务、态度消极、工作措施不力，导致相关工作事项出现较大失误 或成绩较差的，每次减1-2分。年度最多减分2分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 21 AS sort_order
            FROM s_goal_cooperation);

-- evidence
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a.category IN ('机关公务员', '法律援助中心工作人员')),
m_theory_study AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('confirmed') THEN 3.0 * quantity / nullif(sum(CASE WHEN kind IN ('confirmed', 'late', 'absent') THEN quantity ELSE 0.0 END) OVER (PARTITION BY a.appraisee_id, a.period_id), 0) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.study' AND f.kind IN ('confirmed', 'late', 'absent')),
m_training AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'reprimanded' THEN 1.0 WHEN 'missed_higher' THEN 0.5 WHEN 'missed_internal' THEN 0.2 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.training' AND f.kind IN ('reprimanded', 'missed_higher', 'missed_internal')),
m_exams AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'exam_failed' THEN 1.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.training' AND f.kind IN ('exam_failed')),
m_on_time AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               NULL::DOUBLE AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('on_time', 'late', 'absent')),
m_no_early_leave AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               NULL::DOUBLE AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('left_on_time', 'early_leave')),
m_lunch AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               NULL::DOUBLE AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('lunch_on_time', 'lunch_late')),
m_activities AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('confirmed') THEN 2.0 * quantity / nullif(sum(CASE WHEN kind IN ('confirmed', 'late', 'absent') THEN quantity ELSE 0.0 END) OVER (PARTITION BY a.appraisee_id, a.period_id), 0) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.activity' AND f.kind IN ('confirmed', 'late', 'absent')),
m_office_order AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'inspection_failed' THEN 0.5 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.inspection' AND f.kind IN ('inspection_failed')),
m_complaints AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'complaint_upheld' THEN 1.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.discipline' AND f.kind IN ('complaint_upheld')),
m_discipline AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'basic_competent_case' THEN 1.5 WHEN 'warning' THEN 1.5 WHEN 'demerit' THEN 2.0 WHEN 'major_demerit' THEN 2.0 WHEN 'demotion' THEN 2.0 WHEN 'removal' THEN 2.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.discipline' AND f.kind IN ('basic_competent_case', 'warning', 'demerit', 'major_demerit', 'demotion', 'removal')),
m_serious_violation AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (-1.0 * (CASE kind WHEN 'serious_violation' THEN 2.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.discipline' AND f.kind IN ('serious_violation')),
m_goals AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) = max(CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) THEN (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) END) OVER (PARTITION BY a.appraisee_id, a.period_id, CAST(date_trunc('week', activity_date) AS DATE), coalesce(event_key, '')) THEN value / count(CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) THEN 1 END) OVER (PARTITION BY a.appraisee_id, a.period_id, CAST(date_trunc('week', activity_date) AS DATE), coalesce(event_key, ''), level) / count(DISTINCT CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) THEN coalesce(event_key, '') END) OVER (PARTITION BY a.appraisee_id, a.period_id, CAST(date_trunc('week', activity_date) AS DATE)) / nullif((52.0 - count(DISTINCT CASE WHEN CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date AND ((kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) OR kind = 'journal_excused') THEN CAST(date_trunc('week', activity_date) AS DATE) END) OVER (PARTITION BY a.appraisee_id, a.period_id) + count(DISTINCT CASE WHEN (kind = 'journal_score' AND value IS NOT NULL AND (CASE level WHEN 'self' THEN 1.0 WHEN 'section_chief' THEN 2.0 WHEN 'supervising_leader' THEN 3.0 WHEN 'department_head' THEN 4.0 ELSE NULL END) IS NOT NULL AND CAST(date_trunc('week', activity_date) AS DATE) BETWEEN a.start_date AND a.end_date) THEN CAST(date_trunc('week', activity_date) AS DATE) END) OVER (PARTITION BY a.appraisee_id, a.period_id)), 0) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.journal' AND f.kind IN ('journal_score', 'journal_excused')),
m_leader_eval AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('department_head', 'supervising_leader', 'section_chief') THEN value / nullif(count(value) OVER (PARTITION BY a.appraisee_id, a.period_id, (((year(activity_date) * 12 + month(activity_date)) - (year(a.start_date) * 12 + month(a.start_date))) // 6), kind), 0) / greatest(1, ((year(a.end_date) * 12 + month(a.end_date)) - (year(a.start_date) * 12 + month(a.start_date)) + 6) // 6) END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'ratings.rating' AND f.kind IN ('department_head', 'supervising_leader', 'section_chief')),
m_staff_eval AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN kind IN ('colleague') THEN value / nullif(count(value) OVER (PARTITION BY a.appraisee_id, a.period_id, (((year(activity_date) * 12 + month(activity_date)) - (year(a.start_date) * 12 + month(a.start_date))) // 6), kind), 0) / greatest(1, ((year(a.end_date) * 12 + month(a.end_date)) - (year(a.start_date) * 12 + month(a.start_date)) + 6) // 6) END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'ratings.rating' AND f.kind IN ('colleague')),
m_suggestions AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               ((CASE level WHEN 'department' THEN 0.5 WHEN 'district' THEN 1.0 WHEN 'city' THEN 2.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.innovation' AND f.kind IN ('suggestion')),
m_experience AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               ((CASE level WHEN 'national' THEN 3.0 WHEN 'provincial' THEN 2.0 WHEN 'city' THEN 1.0 WHEN 'national_written' THEN 1.5 WHEN 'provincial_written' THEN 1.0 WHEN 'city_written' THEN 0.5 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.innovation' AND f.kind IN ('experience')),
m_awards AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'merit_1st' THEN 5.0 WHEN 'merit_2nd' THEN 4.0 WHEN 'merit_3rd' THEN 3.0 WHEN 'advanced_national' THEN 5.0 WHEN 'advanced_provincial' THEN 4.0 WHEN 'advanced_city' THEN 3.0 WHEN 'advanced_district' THEN 2.0 WHEN 'advanced_department' THEN 1.0 WHEN 'bravery_national' THEN 3.0 WHEN 'bravery_provincial' THEN 2.0 WHEN 'bravery_city' THEN 1.0 WHEN 'bravery_district' THEN 0.5 WHEN 'contest_national' THEN 2.0 WHEN 'contest_provincial' THEN 1.5 WHEN 'contest_city' THEN 1.0 WHEN 'contest_district' THEN 0.5 WHEN 'internal_1st' THEN 0.3 WHEN 'internal_2nd' THEN 0.2 WHEN 'internal_3rd' THEN 0.1 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'merit_1st' THEN 5.0 WHEN 'merit_2nd' THEN 4.0 WHEN 'merit_3rd' THEN 3.0 WHEN 'advanced_national' THEN 5.0 WHEN 'advanced_provincial' THEN 4.0 WHEN 'advanced_city' THEN 3.0 WHEN 'advanced_district' THEN 2.0 WHEN 'advanced_department' THEN 1.0 WHEN 'bravery_national' THEN 3.0 WHEN 'bravery_provincial' THEN 2.0 WHEN 'bravery_city' THEN 1.0 WHEN 'bravery_district' THEN 0.5 WHEN 'contest_national' THEN 2.0 WHEN 'contest_provincial' THEN 1.5 WHEN 'contest_city' THEN 1.0 WHEN 'contest_district' THEN 0.5 WHEN 'internal_1st' THEN 0.3 WHEN 'internal_2nd' THEN 0.2 WHEN 'internal_3rd' THEN 0.1 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 0.5 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.award'),
m_goal_achievement AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('goal_achievement')),
m_goal_assistance AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('goal_assistance')),
m_goal_failure AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('goal_failure')),
m_goal_cooperation AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('goal_poor_cooperation'))
        SELECT 'seed-shinan' || '|' || appraisee_id || '|' || period_id || '|'
                   || indicator_id AS indicator_score_id, activity_id, points
        FROM (SELECT appraisee_id, period_id, 'theory_study' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_theory_study UNION ALL SELECT appraisee_id, period_id, 'training' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_training UNION ALL SELECT appraisee_id, period_id, 'exams' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_exams UNION ALL SELECT appraisee_id, period_id, 'on_time' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_on_time UNION ALL SELECT appraisee_id, period_id, 'no_early_leave' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_no_early_leave UNION ALL SELECT appraisee_id, period_id, 'lunch' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_lunch UNION ALL SELECT appraisee_id, period_id, 'activities' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_activities UNION ALL SELECT appraisee_id, period_id, 'office_order' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_office_order UNION ALL SELECT appraisee_id, period_id, 'complaints' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_complaints UNION ALL SELECT appraisee_id, period_id, 'discipline' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_discipline UNION ALL SELECT appraisee_id, period_id, 'serious_violation' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_serious_violation UNION ALL SELECT appraisee_id, period_id, 'goals' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_goals UNION ALL SELECT appraisee_id, period_id, 'leader_eval' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_leader_eval UNION ALL SELECT appraisee_id, period_id, 'staff_eval' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_staff_eval UNION ALL SELECT appraisee_id, period_id, 'suggestions' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_suggestions UNION ALL SELECT appraisee_id, period_id, 'experience' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_experience UNION ALL SELECT appraisee_id, period_id, 'awards' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_awards UNION ALL SELECT appraisee_id, period_id, 'goal_achievement' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_goal_achievement UNION ALL SELECT appraisee_id, period_id, 'goal_assistance' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_goal_assistance UNION ALL SELECT appraisee_id, period_id, 'goal_failure' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_goal_failure UNION ALL SELECT appraisee_id, period_id, 'goal_cooperation' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_goal_cooperation);

-- appraisals (from scores)
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."org_unit_id")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a.category IN ('机关公务员', '法律援助中心工作人员')),
wide AS (
            SELECT appraisee_id, period_id, max(points) FILTER (WHERE indicator_id = 'theory_study') AS "p_theory_study", max(points) FILTER (WHERE indicator_id = 'training') AS "p_training", max(points) FILTER (WHERE indicator_id = 'exams') AS "p_exams", max(points) FILTER (WHERE indicator_id = 'on_time') AS "p_on_time", max(points) FILTER (WHERE indicator_id = 'no_early_leave') AS "p_no_early_leave", max(points) FILTER (WHERE indicator_id = 'lunch') AS "p_lunch", max(points) FILTER (WHERE indicator_id = 'activities') AS "p_activities", max(points) FILTER (WHERE indicator_id = 'office_order') AS "p_office_order", max(points) FILTER (WHERE indicator_id = 'complaints') AS "p_complaints", max(points) FILTER (WHERE indicator_id = 'discipline') AS "p_discipline", max(points) FILTER (WHERE indicator_id = 'serious_violation') AS "p_serious_violation", max(points) FILTER (WHERE indicator_id = 'goals') AS "p_goals", max(points) FILTER (WHERE indicator_id = 'leader_eval') AS "p_leader_eval", max(points) FILTER (WHERE indicator_id = 'staff_eval') AS "p_staff_eval", max(points) FILTER (WHERE indicator_id = 'suggestions') AS "p_suggestions", max(points) FILTER (WHERE indicator_id = 'experience') AS "p_experience", max(points) FILTER (WHERE indicator_id = 'awards') AS "p_awards", max(points) FILTER (WHERE indicator_id = 'goal_achievement') AS "p_goal_achievement", max(points) FILTER (WHERE indicator_id = 'goal_assistance') AS "p_goal_assistance", max(points) FILTER (WHERE indicator_id = 'goal_failure') AS "p_goal_failure", max(points) FILTER (WHERE indicator_id = 'goal_cooperation') AS "p_goal_cooperation" FROM scores
            WHERE spec_id = 'seed-shinan' AND spec_version = '1'
            GROUP BY appraisee_id, period_id),
totals AS (
            SELECT a.*, '1' AS spec_version, round(((((((((((((((((("p_theory_study" + "p_training") + "p_exams") + "p_on_time") + "p_no_early_leave") + "p_lunch") + "p_activities") + "p_office_order") + "p_complaints") + "p_discipline") + "p_serious_violation") + "p_goals") + "p_leader_eval") + "p_staff_eval") + "p_suggestions") + "p_experience") + "p_awards") + least(10.0, greatest((-10.0), ((("p_goal_achievement" + "p_goal_assistance") + "p_goal_failure") + "p_goal_cooperation")))), 4) AS raw_total
            FROM appraisees a JOIN wide w USING (appraisee_id, period_id)),
checked AS (SELECT t.*, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('basic_competent_case', 'warning')) >= 1.0) AS c0, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('serious_violation')) >= 1.0) AS c1, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('demerit', 'major_demerit', 'demotion', 'removal')) >= 1.0) AS c2, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('serious_violation')) >= 1.0) AS c3 FROM totals t),
flags AS (
            SELECT *,
                   (c1) AS veto_zero,
                   greatest(CASE WHEN c0 THEN 2 END, CASE WHEN c1 THEN 3 END) AS cap_idx,
                   CASE WHEN c3 THEN 3 END AS forced_idx,
                   (FALSE) AS not_graded,
                   (c2) AS undetermined,
                   list_filter([CASE WHEN c0 THEN '一票否决：具有基本称职等次情形' END, CASE WHEN c1 THEN '一票否决：严重违纪、违法（一票否决）' END, CASE WHEN c2 THEN '不确定等次：受记过、记大过、降级、撤职处分' END, CASE WHEN c3 THEN '定为不称职：严重违纪、违法' END]::VARCHAR[], x -> x IS NOT NULL) AS notes
            FROM checked),
banded AS (
            SELECT *, CASE WHEN total >= 90.0 THEN 0 WHEN total >= 70.0 THEN 1 WHEN total >= 60.0 THEN 2 ELSE 3 END AS band_idx,
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
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '称职' WHEN 2 THEN '基本称职' WHEN 3 THEN '不称职' END AS grade FROM graded) t)
        SELECT 'seed-shinan' AS spec_id, spec_version,
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

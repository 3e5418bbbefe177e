-- kpi_specs/schemes/meiling.yaml: seed-meiling version 1

-- indicator scores
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."status" IN ('on_post', 'seconded', 'retiring', 'transferred_out', 'awaiting_retirement') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
m_routine AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('routine_work')),
s_routine AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), (CASE WHEN EXISTS (SELECT 1 FROM facts x WHERE x.source = 'manual.entry' AND x.kind IN ('key_project') AND x."person_id" = a.appraisee_id AND x.activity_date BETWEEN a.start_date AND a.end_date) THEN 50.0 ELSE 90.0 END)) AS points,
                   ((CASE WHEN EXISTS (SELECT 1 FROM facts x WHERE x.source = 'manual.entry' AND x.kind IN ('key_project') AND x."person_id" = a.appraisee_id AND x.activity_date BETWEEN a.start_date AND a.end_date) THEN 50.0 ELSE 90.0 END))::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
            SELECT appraisee_id, period_id, sum(part) AS measure,
                   '录入 ' || printf('%g', round(sum(part), 2)) || ' 分（' || count(*) || ' 项，每项最高 '
                       || printf('%g', round(any_value(part_cap), 2)) || ' 分）' AS measure_label,
                   sum(least(part, part_cap)) AS raw_points
            FROM (
                SELECT p.appraisee_id, p.period_id, p.part,
                       (CASE WHEN EXISTS (SELECT 1 FROM facts x WHERE x.source = 'manual.entry' AND x.kind IN ('key_project') AND x."person_id" = a.appraisee_id AND x.activity_date BETWEEN a.start_date AND a.end_date) THEN 50.0 ELSE 90.0 END) / count(*) OVER (PARTITION BY p.appraisee_id, p.period_id)
                           AS part_cap
                FROM (
                    SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS part
                    FROM m_routine
                    GROUP BY appraisee_id, period_id, coalesce(event_key, activity_id)
                ) p
                JOIN appraisees a USING (appraisee_id, period_id)
            )
            GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_key_projects AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('key_project')),
s_key_projects AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 40.0) AS points,
                   (40.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
            SELECT appraisee_id, period_id, sum(part) AS measure,
                   '录入 ' || printf('%g', round(sum(part), 2)) || ' 分（' || count(*) || ' 项，每项最高 '
                       || printf('%g', round(any_value(part_cap), 2)) || ' 分）' AS measure_label,
                   sum(least(part, part_cap)) AS raw_points
            FROM (
                SELECT p.appraisee_id, p.period_id, p.part,
                       40.0 / count(*) OVER (PARTITION BY p.appraisee_id, p.period_id)
                           AS part_cap
                FROM (
                    SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS part
                    FROM m_key_projects
                    GROUP BY appraisee_id, period_id, coalesce(event_key, activity_id)
                ) p
                JOIN appraisees a USING (appraisee_id, period_id)
            )
            GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
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
m_reward_penalty AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('reward', 'penalty')),
s_reward_penalty AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), -10.0), 10.0) AS points,
                   (10.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_reward_penalty GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_leader_eval AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               NULL::DOUBLE AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'ratings.rating' AND f.kind IN ('party_gov_leader')),
s_leader_eval AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN NULL::DOUBLE ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '无记录，未参加排名' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 70.0) AS raw_points,
                   coalesce(g.raw_points, 70.0) AS points,
                   (90.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (
        SELECT appraisee_id, period_id, measure,
               '平均 ' || printf('%g', round(measure, 2)) || '，组内第 ' || rnk || ' / ' || n || ' 名'
                   AS measure_label,
               CASE WHEN rnk / n <= 0.25 THEN 90.0 WHEN rnk / n <= 0.55 THEN 80.0 WHEN rnk / n <= 1.0 THEN 70.0 ELSE 70.0 END AS raw_points
        FROM (
            SELECT g.appraisee_id, g.period_id, g.measure,
                   rank() OVER (PARTITION BY g.period_id, t."category" ORDER BY g.measure DESC) AS rnk,
                   count(*) OVER (PARTITION BY g.period_id, t."category") AS n
            FROM (
                SELECT appraisee_id, period_id, avg(value) AS measure
                FROM m_leader_eval
                GROUP BY appraisee_id, period_id
            ) g
            JOIN appraisees a USING (appraisee_id, period_id)
            JOIN people t ON t."person_id" = g.appraisee_id
            WHERE g.measure IS NOT NULL
        )) g USING (appraisee_id, period_id))
        SELECT spec_id || '|' || appraisee_id || '|' || period_id || '|' || indicator_id
                   AS indicator_score_id, *
        FROM (
            SELECT 'seed-meiling' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'routine' AS indicator_id, '常规工作' AS indicator_name,
                   '各项工作得分由该项工作的直接领导对照每个工作人员个人绩效工作台账、工作目标的完成程度和完成质量给予打分， 常规工作总分为50分，如果同时兼科室工作和下社区工作，则每项为25分；……如果无参加重点项目工作， 常规工作得分则以总分90计。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 1 AS sort_order
            FROM s_routine
UNION ALL
            SELECT 'seed-meiling' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'key_projects' AS indicator_id, '重点项目工作' AS indicator_name,
                   '重点项目工作满分为40分，如果同时兼任两个项目，则每个项目为20分；如果无参加重点项目工作， 常规工作得分则以总分90计。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 2 AS sort_order
            FROM s_key_projects
UNION ALL
            SELECT 'seed-meiling' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'attendance' AS indicator_id, '考勤' AS indicator_name,
                   '考勤分值总分为10分，根据考勤情况计分，全勤得10分，迟到一次扣1分，迟到10次或以上该项不得分， 旷工一天扣5分，旷工两天或以上该项不得分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 3 AS sort_order
            FROM s_attendance
UNION ALL
            SELECT 'seed-meiling' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'reward_penalty' AS indicator_id, '奖惩附加分' AS indicator_name,
                   '奖惩附加分根据奖惩情况酌情加分或扣分，加减分值最高为10分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 4 AS sort_order
            FROM s_reward_penalty
UNION ALL
            SELECT 'seed-meiling' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'leader_eval' AS indicator_id, '党政领导测评' AS indicator_name,
                   '党政领导测评分值按测评结果排名计，排名前25%得分为90分，排名前25%—55%得分为80分，其他得分为70分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 5 AS sort_order
            FROM s_leader_eval);

-- evidence
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."status" IN ('on_post', 'seconded', 'retiring', 'transferred_out', 'awaiting_retirement') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
m_routine AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('routine_work')),
m_key_projects AS (
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
               (-1.0 * (CASE kind WHEN 'late' THEN 1.0 WHEN 'absent' THEN 5.0 ELSE 0.0 END) * quantity) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.attendance' AND f.kind IN ('late', 'absent')),
m_reward_penalty AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('reward', 'penalty')),
m_leader_eval AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               NULL::DOUBLE AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'ratings.rating' AND f.kind IN ('party_gov_leader'))
        SELECT 'seed-meiling' || '|' || appraisee_id || '|' || period_id || '|'
                   || indicator_id AS indicator_score_id, activity_id, points
        FROM (SELECT appraisee_id, period_id, 'routine' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_routine UNION ALL SELECT appraisee_id, period_id, 'key_projects' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_key_projects UNION ALL SELECT appraisee_id, period_id, 'attendance' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_attendance UNION ALL SELECT appraisee_id, period_id, 'reward_penalty' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_reward_penalty UNION ALL SELECT appraisee_id, period_id, 'leader_eval' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_leader_eval);

-- appraisals (from scores)
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."status" IN ('on_post', 'seconded', 'retiring', 'transferred_out', 'awaiting_retirement') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
wide AS (
            SELECT appraisee_id, period_id, max(points) FILTER (WHERE indicator_id = 'routine') AS "p_routine", max(points) FILTER (WHERE indicator_id = 'key_projects') AS "p_key_projects", max(points) FILTER (WHERE indicator_id = 'attendance') AS "p_attendance", max(points) FILTER (WHERE indicator_id = 'reward_penalty') AS "p_reward_penalty", max(points) FILTER (WHERE indicator_id = 'leader_eval') AS "p_leader_eval" FROM scores
            WHERE spec_id = 'seed-meiling' AND spec_version = '1'
            GROUP BY appraisee_id, period_id),
totals AS (
            SELECT a.*, '1' AS spec_version, round(((((("p_routine" + "p_key_projects") + "p_attendance") + "p_reward_penalty") * 0.6) + ("p_leader_eval" * 0.4)), 4) AS raw_total
            FROM appraisees a JOIN wide w USING (appraisee_id, period_id)),
checked AS (SELECT t.*, (EXISTS (SELECT 1 FROM people x WHERE x.person_id = t.appraisee_id AND x."status" IN ('retiring', 'transferred_out'))) AS c0, (EXISTS (SELECT 1 FROM people x WHERE x.person_id = t.appraisee_id AND x."status" IN ('awaiting_retirement'))) AS c1, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('warning', 'demerit', 'major_demerit', 'demotion', 'removal', 'dismissal')) >= 1.0) AS c2, (EXISTS (SELECT 1 FROM people x WHERE x.person_id = t.appraisee_id AND x.hire_date > t.end_date - INTERVAL 27 DAY)) AS c3, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'office.attendance' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('leave') AND f.level IN ('sick', 'personal')) >= 41.0) AS c4, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('efficiency_warning')) >= 1.0) AS c5, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('investigation')) >= 1.0) AS c6, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'office.attendance' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('absent')) >= 3.0) AS c7, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('warning', 'demerit', 'major_demerit', 'demotion', 'removal', 'dismissal', 'sanction_in_force')) >= 1.0) AS c8, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'manual.entry' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('home_department_grade') AND f.level IN ('优秀')) >= 1.0) AS c9, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'manual.entry' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('home_department_grade') AND f.level IN ('良好')) >= 1.0) AS c10, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'manual.entry' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('home_department_grade') AND f.level IN ('称职')) >= 1.0) AS c11, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'manual.entry' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('home_department_grade') AND f.level IN ('不称职')) >= 1.0) AS c12, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'office.attendance' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('leave') AND f.level IN ('sick', 'personal', 'annual')) >= 16.0) AS c13 FROM totals t),
flags AS (
            SELECT *,
                   (FALSE) AS veto_zero,
                   NULL::INTEGER AS cap_idx,
                   greatest(CASE WHEN c7 THEN 3 END, CASE WHEN c8 THEN 3 END, CASE WHEN c9 THEN 0 END, CASE WHEN c10 THEN 1 END, CASE WHEN c11 THEN 2 END, CASE WHEN c12 THEN 3 END) AS forced_idx,
                   (c0 OR c1) AS not_graded,
                   (c3 OR c4 OR c5 OR c6) AS undetermined,
                   list_filter([CASE WHEN c0 THEN '不参加评定等次：当季退休或调离本市' END, CASE WHEN c1 THEN '不参加评定等次：离岗待退' END, CASE WHEN c3 THEN '不确定等次：当季新录用或新调入工作不满20个工作日' END, CASE WHEN c4 THEN '不确定等次：当季请病事假累计超过40个工作日' END, CASE WHEN c5 THEN '不确定等次：当季被效能告诫' END, CASE WHEN c6 THEN '不确定等次：受立案调查在立案期间' END, CASE WHEN c7 THEN '定为不称职：当季旷工累计超过2个工作日' END, CASE WHEN c8 THEN '定为不称职：受党纪政纪处分或在处分期间' END, CASE WHEN c9 THEN '定为优秀：派驻人员由市直主管部门确定等次（优秀）' END, CASE WHEN c10 THEN '定为良好：派驻人员由市直主管部门确定等次（良好）' END, CASE WHEN c11 THEN '定为称职：派驻人员由市直主管部门确定等次（称职）' END, CASE WHEN c12 THEN '定为不称职：派驻人员由市直主管部门确定等次（不称职）' END, CASE WHEN c13 THEN '优秀按良好发放：当季请假累计超过15个工作日' END, CASE WHEN c1 AND c2 THEN '不发绩效奖金：离岗待退期间有违法违纪行为' END]::VARCHAR[], x -> x IS NOT NULL) AS notes
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
quota_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, '超出优秀名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 0 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, "category" ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > floor(count(idx) OVER (PARTITION BY period_id, "category") * 0.25) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, "category"), FALSE) AS drop
                  FROM graded)),
quota_1 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 2 ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, '超出良好名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 1 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 1 AND NOT is_forced) OVER (PARTITION BY period_id, "category" ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > floor(count(idx) OVER (PARTITION BY period_id, "category") * 0.3) - count(*) FILTER (WHERE is_forced AND idx = 1) OVER (PARTITION BY period_id, "category"), FALSE) AS drop
                  FROM quota_0)),
paid AS (
        SELECT t.*, CASE WHEN grade = '优秀' AND c13 THEN '良好' ELSE grade END AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '良好' WHEN 2 THEN '称职' WHEN 3 THEN '不称职' END AS grade FROM quota_1) t)
        SELECT 'seed-meiling' AS spec_id, spec_version,
               'person' AS appraisee_type, appraisee_id, period_id, org_unit_id,
               category, total,
               rank() OVER (PARTITION BY period_id, rank_group ORDER BY total DESC)
                   AS rank_in_category,
               count(*) OVER (PARTITION BY period_id, rank_group) AS category_size,
               grade,
               nullif(array_to_string(notes, '；'), '') AS grade_note,
               CASE WHEN not_graded THEN 'not_graded' WHEN grade IS NULL THEN 'undetermined'
                    ELSE 'graded' END AS grade_status,
               CASE WHEN not_graded AND ((c1 AND (c2))) THEN 0.0 WHEN not_graded THEN (SELECT 1500.0 * greatest(least((year(coalesce(x.leave_date, t.end_date)) * 12 + month(coalesce(x.leave_date, t.end_date)) - year(t.start_date) * 12 - month(t.start_date) + 1), (year(t.end_date) * 12 + month(t.end_date) - year(t.start_date) * 12 - month(t.start_date) + 1)), 0) / (year(t.end_date) * 12 + month(t.end_date) - year(t.start_date) * 12 - month(t.start_date) + 1) FROM people x WHERE x.person_id = t.appraisee_id) ELSE CASE paid_grade WHEN '优秀' THEN 2100.0 WHEN '良好' THEN 1800.0 WHEN '称职' THEN 1500.0 ELSE 0.0 END END AS payout
        FROM paid t;

-- roll-up (from _kpi_period_results)
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a."status" IN ('on_post', 'seconded', 'retiring', 'transferred_out', 'awaiting_retirement') AND a.category IN ('科级干部', '中层干部', '一般工作人员')),
totals AS (
            SELECT a.*, max(s.spec_version) AS spec_version,
                   round(sum(s.total::DECIMAL(18, 6)) / count(s.total), 4) AS raw_total, count(*) FILTER (WHERE s.grade = '不称职') AS "n_不称职", count(*) FILTER (WHERE s.grade = '优秀') AS "n_优秀"
            FROM appraisees a
            JOIN _kpi_period_results s ON s.appraisee_id = a.appraisee_id
                AND s.spec_id = 'seed-meiling'
            JOIN periods p ON p.period_id = s.period_id
                AND p.period_type = 'quarter'
                AND p.start_date >= a.start_date AND p.end_date <= a.end_date
            GROUP BY ALL),
checked AS (SELECT t.*, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('one_vote_veto')) >= 1.0) AS c0, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'manual.entry' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('committee_annual_excellent')) >= 1.0) AS c1 FROM totals t),
flags AS (
            SELECT *,
                   (FALSE) AS veto_zero,
                   CASE WHEN c0 THEN 1 END AS cap_idx,
                   greatest(CASE WHEN "n_不称职" >= 2 THEN 3 END, CASE WHEN "n_不称职" >= 1 THEN 2 END) AS forced_idx,
                   (FALSE) AS not_graded,
                   (FALSE) AS undetermined,
                   list_filter([CASE WHEN "n_不称职" >= 2 THEN '不称职2次及以上：不称职' END, CASE WHEN "n_不称职" >= 1 THEN '不称职1次及以上：基本称职' END, CASE WHEN c0 THEN '一票否决：计生、综治、安全生产、环境保护一票否决' END]::VARCHAR[], x -> x IS NOT NULL) AS notes
            FROM checked),
banded AS (
            SELECT *, CASE WHEN total >= 0.0 THEN 0 WHEN total >= 0.0 THEN 1 WHEN total >= 0.0 THEN 2 ELSE 3 END AS band_idx,
                   []::VARCHAR[] AS band_notes
            FROM (SELECT *, CASE WHEN veto_zero THEN 0.0 ELSE raw_total END AS total
                  FROM flags)),
required_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE band_idx END AS band_idx,
                CASE WHEN drop THEN list_append(band_notes, '优秀少于3次，不能评为优秀')
                     ELSE band_notes END AS band_notes)
            FROM (SELECT *, coalesce(band_idx = 0 AND ("n_优秀" < 3), FALSE) AS drop
                  FROM banded)),
chosen AS (
            SELECT * REPLACE (CASE WHEN (c1 AND ("n_优秀" >= 1)) THEN 0 ELSE band_idx END AS band_idx,
                              list_concat(band_notes, list_filter([CASE WHEN (c1 AND ("n_优秀" >= 1)) THEN '评定为优秀：考核委员会评定的年度优秀' WHEN c1 THEN '考核委员会评定的年度优秀未采纳：不是优秀的候选人' END]::VARCHAR[], x -> x IS NOT NULL)) AS band_notes)
            FROM required_0),
graded AS (
            SELECT * REPLACE (list_concat(band_notes, notes) AS notes),
                   CASE WHEN not_graded THEN NULL
                        WHEN forced_idx IS NOT NULL THEN forced_idx
                        WHEN undetermined THEN NULL
                        ELSE greatest(band_idx, coalesce(cap_idx, 0)) END AS idx,
                   forced_idx IS NOT NULL AND NOT not_graded AS is_forced
            FROM chosen),
quota_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, '超出优秀名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 0 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, "org_unit_id" ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > floor(count(idx) OVER (PARTITION BY period_id, "org_unit_id") * 0.15) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, "org_unit_id"), FALSE) AS drop
                  FROM graded)),
paid AS (
        SELECT t.*, grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '称职' WHEN 2 THEN '基本称职' WHEN 3 THEN '不称职' END AS grade FROM quota_0) t)
        SELECT 'seed-meiling' AS spec_id, spec_version,
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

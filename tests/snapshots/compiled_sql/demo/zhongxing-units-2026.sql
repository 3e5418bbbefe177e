-- kpi_specs/demo/zhongxing-units-2026.yaml: zhongxing-units version 2026.1

-- indicator scores
WITH appraisees AS (
        SELECT a.org_unit_id AS appraisee_id, a.org_unit_id, NULL::VARCHAR AS category,
               (NULL)::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM org_units a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."procuratorate_id" IN ('PRC-D1', 'PRC-D2', 'PRC-D3', 'PRC-D4') AND a."dept_key" IN ('zhongxing')),
m_closure_rate AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('closure_rate')),
s_closure_rate AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 20.0) AS points,
                   (20.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_closure_rate GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_plea_rate AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('plea_rate')),
s_plea_rate AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 15.0) AS points,
                   (15.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_plea_rate GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_overdue AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('overdue')),
s_overdue AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 20.0) AS points,
                   (20.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_overdue GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_case_ratio AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('case_ratio')),
s_case_ratio AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 15.0) AS points,
                   (15.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_case_ratio GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_bulletins AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('bulletins')),
s_bulletins AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 15.0) AS points,
                   (15.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_bulletins GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_awards AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('awards')),
s_awards AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 15.0) AS points,
                   (15.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_awards GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id))
        SELECT spec_id || '|' || appraisee_id || '|' || period_id || '|' || indicator_id
                   AS indicator_score_id, *
        FROM (
            SELECT 'zhongxing-units' AS spec_id, '2026.1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'closure_rate' AS indicator_id, '审结率' AS indicator_name,
                   '按月计算审结率（当月审结案件数÷当月受理案件数），90%以上得20分，80%以上得15分，60%以上得10分，其余得5分；季度取各月平均；当季未受理案件的得20分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 1 AS sort_order
            FROM s_closure_rate
UNION ALL
            SELECT 'zhongxing-units' AS spec_id, '2026.1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'plea_rate' AS indicator_id, '认罪认罚从宽制度适用率' AS indicator_name,
                   '按月计算认罪认罚从宽制度适用率，85%以上得15分，75%以上得10分，其余得5分；季度取各月平均；不办理审查起诉案件的部门得15分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 2 AS sort_order
            FROM s_plea_rate
UNION ALL
            SELECT 'zhongxing-units' AS spec_id, '2026.1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'overdue' AS indicator_id, '超期办案' AS indicator_name,
                   '办案期限满分20分，每超期一件扣2分，扣完为止。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 3 AS sort_order
            FROM s_overdue
UNION ALL
            SELECT 'zhongxing-units' AS spec_id, '2026.1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'case_ratio' AS indicator_id, '案-件比' AS indicator_name,
                   '案-件比满分15分，每发生一次退回补充侦查、延长审查期限扣0.5分，扣完为止。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 4 AS sort_order
            FROM s_case_ratio
UNION ALL
            SELECT 'zhongxing-units' AS spec_id, '2026.1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'bulletins' AS indicator_id, '信息简报' AS indicator_name,
                   '部门干警信息被国家级、省级、市级、区级采用的，每篇分别计5、3、2、1分，最高15分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 5 AS sort_order
            FROM s_bulletins
UNION ALL
            SELECT 'zhongxing-units' AS spec_id, '2026.1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'awards' AS indicator_id, '表彰奖励' AS indicator_name,
                   '部门或部门干警受国家、省、市、区表彰的分别计10、6、4、2分，同一事项按最高级别计一次，最高15分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 6 AS sort_order
            FROM s_awards);

-- evidence
WITH appraisees AS (
        SELECT a.org_unit_id AS appraisee_id, a.org_unit_id, NULL::VARCHAR AS category,
               (NULL)::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM org_units a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."procuratorate_id" IN ('PRC-D1', 'PRC-D2', 'PRC-D3', 'PRC-D4') AND a."dept_key" IN ('zhongxing')),
m_closure_rate AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('closure_rate')),
m_plea_rate AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('plea_rate')),
m_overdue AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('overdue')),
m_case_ratio AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('case_ratio')),
m_bulletins AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('bulletins')),
m_awards AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'unit.appraisal' AND f.kind IN ('awards'))
        SELECT 'zhongxing-units' || '|' || appraisee_id || '|' || period_id || '|'
                   || indicator_id AS indicator_score_id, activity_id, points
        FROM (SELECT appraisee_id, period_id, 'closure_rate' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_closure_rate UNION ALL SELECT appraisee_id, period_id, 'plea_rate' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_plea_rate UNION ALL SELECT appraisee_id, period_id, 'overdue' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_overdue UNION ALL SELECT appraisee_id, period_id, 'case_ratio' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_case_ratio UNION ALL SELECT appraisee_id, period_id, 'bulletins' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_bulletins UNION ALL SELECT appraisee_id, period_id, 'awards' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_awards);

-- appraisals (from scores)
WITH appraisees AS (
        SELECT a.org_unit_id AS appraisee_id, a.org_unit_id, NULL::VARCHAR AS category,
               (NULL)::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM org_units a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."procuratorate_id" IN ('PRC-D1', 'PRC-D2', 'PRC-D3', 'PRC-D4') AND a."dept_key" IN ('zhongxing')),
wide AS (
            SELECT appraisee_id, period_id, max(points) FILTER (WHERE indicator_id = 'closure_rate') AS "p_closure_rate", max(points) FILTER (WHERE indicator_id = 'plea_rate') AS "p_plea_rate", max(points) FILTER (WHERE indicator_id = 'overdue') AS "p_overdue", max(points) FILTER (WHERE indicator_id = 'case_ratio') AS "p_case_ratio", max(points) FILTER (WHERE indicator_id = 'bulletins') AS "p_bulletins", max(points) FILTER (WHERE indicator_id = 'awards') AS "p_awards" FROM scores
            WHERE spec_id = 'zhongxing-units' AND spec_version = '2026.1'
            GROUP BY appraisee_id, period_id),
totals AS (
            SELECT a.*, '2026.1' AS spec_version, round("p_closure_rate" + "p_plea_rate" + "p_overdue" + "p_case_ratio" + "p_bulletins" + "p_awards", 4) AS raw_total
            FROM appraisees a JOIN wide w USING (appraisee_id, period_id)),
checked AS (SELECT t.*, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.org_unit_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('demerit', 'major_demerit', 'demotion', 'dismissal')) >= 1.0) AS c0 FROM totals t),
flags AS (
            SELECT *,
                   (FALSE) AS veto_zero,
                   CASE WHEN c0 THEN 2 END AS cap_idx,
                   NULL::INTEGER AS forced_idx,
                   (FALSE) AS not_graded,
                   (FALSE) AS undetermined,
                   list_filter([CASE WHEN c0 THEN '一票否决：部门干警受记过以上处分' END]::VARCHAR[], x -> x IS NOT NULL) AS notes
            FROM checked),
banded AS (
            SELECT *, CASE WHEN total >= 80.0 THEN 0 WHEN total >= 70.0 THEN 1 WHEN total >= 60.0 THEN 2 ELSE 3 END AS band_idx,
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
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, NULL ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > least(floor(count(idx) OVER (PARTITION BY period_id, NULL) * 1.0), 1) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, NULL), FALSE) AS drop
                  FROM graded)),
paid AS (
        SELECT t.*, grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '良好' WHEN 2 THEN '合格' WHEN 3 THEN '不合格' END AS grade FROM quota_0) t)
        SELECT 'zhongxing-units' AS spec_id, spec_version,
               'org_unit' AS appraisee_type, appraisee_id, period_id, org_unit_id,
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

-- roll-up (from _kpi_period_results)
WITH appraisees AS (
        SELECT a.org_unit_id AS appraisee_id, a.org_unit_id, NULL::VARCHAR AS category,
               (NULL)::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM org_units a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a."procuratorate_id" IN ('PRC-D1', 'PRC-D2', 'PRC-D3', 'PRC-D4') AND a."dept_key" IN ('zhongxing')),
totals AS (
            SELECT a.*, max(s.spec_version) AS spec_version,
                   round(sum(s.total::DECIMAL(18, 6)) / count(s.total), 4) AS raw_total, count(*) FILTER (WHERE s.grade = '优秀') AS "n_优秀"
            FROM appraisees a
            JOIN _kpi_period_results s ON s.appraisee_id = a.appraisee_id
                AND s.spec_id = 'zhongxing-units'
            JOIN periods p ON p.period_id = s.period_id
                AND p.period_type = 'quarter'
                AND p.start_date >= a.start_date AND p.end_date <= a.end_date
            GROUP BY ALL),
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
            SELECT *, CASE WHEN total >= 80.0 THEN 0 WHEN total >= 70.0 THEN 1 WHEN total >= 60.0 THEN 2 ELSE 3 END AS band_idx,
                   []::VARCHAR[] AS band_notes
            FROM (SELECT *, CASE WHEN veto_zero THEN 0.0 ELSE raw_total END AS total
                  FROM flags)),
required_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE band_idx END AS band_idx,
                CASE WHEN drop THEN list_append(band_notes, '优秀少于2次，不能评为优秀')
                     ELSE band_notes END AS band_notes)
            FROM (SELECT *, coalesce(band_idx = 0 AND ("n_优秀" < 2), FALSE) AS drop
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
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, NULL ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > least(floor(count(idx) OVER (PARTITION BY period_id, NULL) * 1.0), 1) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, NULL), FALSE) AS drop
                  FROM graded)),
paid AS (
        SELECT t.*, grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '良好' WHEN 2 THEN '合格' WHEN 3 THEN '不合格' END AS grade FROM quota_0) t)
        SELECT 'zhongxing-units' AS spec_id, spec_version,
               'org_unit' AS appraisee_type, appraisee_id, period_id, org_unit_id,
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

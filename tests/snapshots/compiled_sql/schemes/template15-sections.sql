-- kpi_specs/schemes/template15-sections.yaml: seed-template15-sections version 1

-- indicator scores
WITH appraisees AS (
        SELECT a.org_unit_id AS appraisee_id, a.org_unit_id, NULL::VARCHAR AS category,
               (NULL)::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM org_units a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a."unit_kind" IN ('section')),
m_bulletins AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'district' THEN 1.0 WHEN 'city' THEN 2.0 WHEN 'provincial' THEN 5.0 WHEN 'national' THEN 10.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'district' THEN 1.0 WHEN 'city' THEN 2.0 WHEN 'provincial' THEN 5.0 WHEN 'national' THEN 10.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.bulletin'),
s_bulletins AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   coalesce(g.raw_points, 0.0) AS points,
                   (NULL)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_bulletins GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_website AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (20.0 * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('website_met')),
s_website AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(coalesce(g.raw_points, 0.0), 20.0) AS points,
                   (20.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_website GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_monthly_reports AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (40.0 * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('monthly_reports_met')),
s_monthly_reports AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(coalesce(g.raw_points, 0.0), 40.0) AS points,
                   (40.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_monthly_reports GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_honours AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'city' THEN 20.0 WHEN 'provincial' THEN 30.0 WHEN 'national' THEN 50.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'city' THEN 20.0 WHEN 'provincial' THEN 30.0 WHEN 'national' THEN 50.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.award'),
s_honours AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   coalesce(g.raw_points, 0.0) AS points,
                   (NULL)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_honours GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_innovation AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (10.0 * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.innovation' AND f.kind IN ('innovation_recognised')),
s_innovation AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '计分 0 项' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   coalesce(g.raw_points, 0.0) AS points,
                   (NULL)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, count(*) FILTER (WHERE contribution > 0) AS measure, '计分 ' || count(*) FILTER (WHERE contribution > 0) || ' 项' AS measure_label, coalesce(sum(contribution), 0.0) AS raw_points FROM m_innovation GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id))
        SELECT spec_id || '|' || appraisee_id || '|' || period_id || '|' || indicator_id
                   AS indicator_score_id, *
        FROM (
            SELECT 'seed-template15-sections' AS spec_id, '1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'bulletins' AS indicator_id, '报送信息' AS indicator_name,
                   '报送信息每条计1分、2分、5分、10分。一稿多用只计最高媒体发表分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 1 AS sort_order
            FROM s_bulletins
UNION ALL
            SELECT 'seed-template15-sections' AS spec_id, '1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'website' AS indicator_id, '网站信息' AS indicator_name,
                   '积极参与本办网站信息内容的充实和更新。提供本科室工作内容方面及时、准确、全面，工作达标计20分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 2 AS sort_order
            FROM s_website
UNION ALL
            SELECT 'seed-template15-sections' AS spec_id, '1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'monthly_reports' AS indicator_id, '工作月报' AS indicator_name,
                   '工作月报及时完整，工作能按时按质按量完成，计40分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 3 AS sort_order
            FROM s_monthly_reports
UNION ALL
            SELECT 'seed-template15-sections' AS spec_id, '1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'honours' AS indicator_id, '表彰奖励' AS indicator_name,
                   '单项工作获市省国家级表彰奖励的，分别计20分、30分、50分，同一项工作受多级表彰的只计最高表彰分。 表彰奖励以证书或文件为依据。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 4 AS sort_order
            FROM s_honours
UNION ALL
            SELECT 'seed-template15-sections' AS spec_id, '1' AS spec_version,
                   'org_unit' AS appraisee_type, appraisee_id, period_id,
                   'innovation' AS indicator_id, '特色或创新工作' AS indicator_name,
                   '经考核领导小组认可的特色工作或创新工作，每项工作计10分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 5 AS sort_order
            FROM s_innovation);

-- evidence
WITH appraisees AS (
        SELECT a.org_unit_id AS appraisee_id, a.org_unit_id, NULL::VARCHAR AS category,
               (NULL)::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM org_units a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a."unit_kind" IN ('section')),
m_bulletins AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'district' THEN 1.0 WHEN 'city' THEN 2.0 WHEN 'provincial' THEN 5.0 WHEN 'national' THEN 10.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'district' THEN 1.0 WHEN 'city' THEN 2.0 WHEN 'provincial' THEN 5.0 WHEN 'national' THEN 10.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.bulletin'),
m_website AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (20.0 * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('website_met')),
m_monthly_reports AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (40.0 * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('monthly_reports_met')),
m_honours AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (CASE WHEN row_number() OVER (PARTITION BY a.appraisee_id, a.period_id, coalesce(event_key, activity_id) ORDER BY ((CASE level WHEN 'city' THEN 20.0 WHEN 'provincial' THEN 30.0 WHEN 'national' THEN 50.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) DESC, activity_id) = 1 THEN ((CASE level WHEN 'city' THEN 20.0 WHEN 'provincial' THEN 30.0 WHEN 'national' THEN 50.0 ELSE 0.0 END) * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) ELSE 0.0 END) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'registry.award'),
m_innovation AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               (10.0 * quantity * coalesce(share, 1.0) * (CASE WHEN is_collective THEN 1.0 ELSE 1.0 END)) AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.org_unit_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'office.innovation' AND f.kind IN ('innovation_recognised'))
        SELECT 'seed-template15-sections' || '|' || appraisee_id || '|' || period_id || '|'
                   || indicator_id AS indicator_score_id, activity_id, points
        FROM (SELECT appraisee_id, period_id, 'bulletins' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_bulletins UNION ALL SELECT appraisee_id, period_id, 'website' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_website UNION ALL SELECT appraisee_id, period_id, 'monthly_reports' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_monthly_reports UNION ALL SELECT appraisee_id, period_id, 'honours' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_honours UNION ALL SELECT appraisee_id, period_id, 'innovation' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_innovation);

-- appraisals (from scores)
WITH appraisees AS (
        SELECT a.org_unit_id AS appraisee_id, a.org_unit_id, NULL::VARCHAR AS category,
               (NULL)::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM org_units a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a."unit_kind" IN ('section')),
wide AS (
            SELECT appraisee_id, period_id, max(points) FILTER (WHERE indicator_id = 'bulletins') AS "p_bulletins", max(points) FILTER (WHERE indicator_id = 'website') AS "p_website", max(points) FILTER (WHERE indicator_id = 'monthly_reports') AS "p_monthly_reports", max(points) FILTER (WHERE indicator_id = 'honours') AS "p_honours", max(points) FILTER (WHERE indicator_id = 'innovation') AS "p_innovation" FROM scores
            WHERE spec_id = 'seed-template15-sections' AND spec_version = '1'
            GROUP BY appraisee_id, period_id),
totals AS (
            SELECT a.*, '1' AS spec_version, round("p_bulletins" + "p_website" + "p_monthly_reports" + "p_honours" + "p_innovation", 4) AS raw_total
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
            SELECT *, CASE WHEN total >= 0.0 THEN 0 ELSE 1 END AS band_idx,
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
                CASE WHEN drop THEN list_append(notes, '超出先进科室名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 0 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, NULL ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > least(floor(count(idx) OVER (PARTITION BY period_id, NULL) * 1.0), 2) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, NULL), FALSE) AS drop
                  FROM graded)),
paid AS (
        SELECT t.*, grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '先进科室' WHEN 1 THEN '其他科室' END AS grade FROM quota_0) t)
        SELECT 'seed-template15-sections' AS spec_id, spec_version,
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

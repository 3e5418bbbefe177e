-- kpi_specs/schemes/template15.yaml: seed-template15 version 1

-- indicator scores
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."status" IN ('on_post') AND a.category IN ('科级干部', '一般干部', '工勤人员')),
m_common_goals AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('common_goals')),
s_common_goals AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 40.0) AS points,
                   (40.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_common_goals GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id)),
m_individual_goals AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('individual_goals')),
s_individual_goals AS (
            SELECT a.appraisee_id, a.period_id,
                   CASE WHEN g.appraisee_id IS NULL THEN 0.0 ELSE g.measure END
                       AS measure,
                   CASE WHEN g.appraisee_id IS NULL THEN '未录入' ELSE g.measure_label END
                       AS measure_label,
                   coalesce(g.raw_points, 0.0) AS raw_points,
                   least(greatest(coalesce(g.raw_points, 0.0), 0.0), 60.0) AS points,
                   (60.0)::DOUBLE AS max_points
            FROM appraisees a
            LEFT JOIN (SELECT appraisee_id, period_id, coalesce(sum(value), 0.0) AS measure, '录入 ' || printf('%g', round(coalesce(sum(value), 0.0), 2)) || ' 分' AS measure_label, coalesce(sum(value), 0.0) AS raw_points FROM m_individual_goals GROUP BY appraisee_id, period_id) g USING (appraisee_id, period_id))
        SELECT spec_id || '|' || appraisee_id || '|' || period_id || '|' || indicator_id
                   AS indicator_score_id, *
        FROM (
            SELECT 'seed-template15' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'common_goals' AS indicator_id, '共性目标' AS indicator_name,
                   '对个人实行季度考核，每个季度末进行考核，并公布考核得分。以每天考勤和工作月报作为重要考核依据。 ……100分，由以下二个部分组成：1）共性目标40分。2）个性目标（a、b岗）60分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 1 AS sort_order
            FROM s_common_goals
UNION ALL
            SELECT 'seed-template15' AS spec_id, '1' AS spec_version,
                   'person' AS appraisee_type, appraisee_id, period_id,
                   'individual_goals' AS indicator_id, '个性目标' AS indicator_name,
                   '个性目标（a、b岗）60分。' AS clause, measure::DOUBLE AS measure,
                   measure_label::VARCHAR AS measure_label, raw_points::DOUBLE AS raw_points,
                   points::DOUBLE AS points, max_points,
                   points <> raw_points AS cap_applied, 2 AS sort_order
            FROM s_individual_goals);

-- evidence
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."status" IN ('on_post') AND a.category IN ('科级干部', '一般干部', '工勤人员')),
m_common_goals AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('common_goals')),
m_individual_goals AS (
        SELECT a.appraisee_id, a.period_id, f.activity_id, f.kind, f.level, f.quantity,
               f.value, f.event_key, f.is_collective, f.share, f.activity_date,
               value AS contribution
        FROM appraisees a
        JOIN facts f
          ON f.person_id = a.appraisee_id
         AND f.activity_date BETWEEN a.start_date AND a.end_date
        WHERE f.source = 'manual.entry' AND f.kind IN ('individual_goals'))
        SELECT 'seed-template15' || '|' || appraisee_id || '|' || period_id || '|'
                   || indicator_id AS indicator_score_id, activity_id, points
        FROM (SELECT appraisee_id, period_id, 'common_goals' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_common_goals UNION ALL SELECT appraisee_id, period_id, 'individual_goals' AS indicator_id, activity_id, contribution::DOUBLE AS points FROM m_individual_goals);

-- appraisals (from scores)
WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'quarter' AND per.end_date >= DATE '2026-01-01' AND a."status" IN ('on_post') AND a.category IN ('科级干部', '一般干部', '工勤人员')),
wide AS (
            SELECT appraisee_id, period_id, max(points) FILTER (WHERE indicator_id = 'common_goals') AS "p_common_goals", max(points) FILTER (WHERE indicator_id = 'individual_goals') AS "p_individual_goals" FROM scores
            WHERE spec_id = 'seed-template15' AND spec_version = '1'
            GROUP BY appraisee_id, period_id),
totals AS (
            SELECT a.*, '1' AS spec_version, round(("p_common_goals" + "p_individual_goals"), 4) AS raw_total
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
            SELECT *, CASE WHEN total >= 70.0 THEN 0 ELSE 1 END AS band_idx,
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
        SELECT t.* REPLACE (list_concat(t.notes, CASE t.idx WHEN 1 THEN ['后果：诫勉谈话，限期改正、不享受季度考核奖'] ELSE []::VARCHAR[] END) AS notes), grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '达标' WHEN 1 THEN '诫勉谈话' END AS grade FROM graded) t)
        SELECT 'seed-template15' AS spec_id, spec_version,
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

-- roll-up (from _kpi_period_results)
SELECT * EXCLUDE (start_date, end_date) REPLACE (
            nullif(concat_ws('；', grade_note, CASE WHEN grade = '不称职' AND lag(grade, 1) OVER (PARTITION BY appraisee_id ORDER BY start_date) = '不称职' AND lag(end_date, 1) OVER (PARTITION BY appraisee_id ORDER BY start_date) = start_date - INTERVAL 1 DAY THEN '连续2次不称职：予以辞退' END), '') AS grade_note)
        FROM (SELECT r.*, p.start_date, p.end_date
              FROM (WITH appraisees AS (
        SELECT a.person_id AS appraisee_id, a.org_unit_id, category AS category,
               (a."category")::VARCHAR AS rank_group,
               per.period_id, per.start_date, per.end_date
        FROM people a CROSS JOIN periods per
        WHERE per.period_type = 'year' AND per.end_date >= DATE '2026-01-01' AND a."status" IN ('on_post') AND a.category IN ('科级干部', '一般干部', '工勤人员')),
totals AS (
            SELECT a.*, max(s.spec_version) AS spec_version,
                   round(sum(s.total::DECIMAL(18, 6)) / count(s.total), 4) AS raw_total
            FROM appraisees a
            JOIN _kpi_period_results s ON s.appraisee_id = a.appraisee_id
                AND s.spec_id = 'seed-template15'
            JOIN periods p ON p.period_id = s.period_id
                AND p.period_type = 'quarter'
                AND p.start_date >= a.start_date AND p.end_date <= a.end_date
            GROUP BY ALL),
checked AS (SELECT t.*, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'registry.discipline' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('city_wide_notice')) >= 1.0) AS c0, ((SELECT coalesce(sum(f.quantity), 0) FROM facts f WHERE f.person_id = t.appraisee_id AND f.source = 'office.attendance' AND f.activity_date BETWEEN t.start_date AND t.end_date AND f.kind IN ('leave') AND f.level IN ('sick', 'personal')) >= 126.0) AS c1, (EXISTS (SELECT 1 FROM people x WHERE x.person_id = t.appraisee_id AND x.hire_date > t.end_date - INTERVAL 365 DAY)) AS c2 FROM totals t),
flags AS (
            SELECT *,
                   (FALSE) AS veto_zero,
                   CASE WHEN c0 THEN 2 END AS cap_idx,
                   NULL::INTEGER AS forced_idx,
                   (c1) AS not_graded,
                   (c2) AS undetermined,
                   list_filter([CASE WHEN c0 THEN '一票否决：被全市通报或在全市造成恶劣影响（一票否决）' END, CASE WHEN c1 THEN '不参加评定等次：病事假累计超过半年' END, CASE WHEN c2 THEN '不确定等次：新录用人员试用期内' END]::VARCHAR[], x -> x IS NOT NULL) AS notes
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
quota_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, '超出优秀名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 0 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, "category" ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > least(floor(count(idx) OVER (PARTITION BY period_id, "category") * 1.0), 1) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, "category"), FALSE) AS drop
                  FROM graded)),
quota1_0 AS (
            SELECT * EXCLUDE (drop) REPLACE (
                CASE WHEN drop THEN 1 ELSE idx END AS idx,
                CASE WHEN drop THEN list_append(notes, '超出优秀名额，降一等次') ELSE notes END AS notes)
            FROM (SELECT *, coalesce(idx = 0 AND NOT is_forced
                                     AND count(*) FILTER (WHERE idx = 0 AND NOT is_forced) OVER (PARTITION BY period_id, "org_unit_id" ORDER BY total DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > floor(count(idx) OVER (PARTITION BY period_id, "org_unit_id") * 0.18) - count(*) FILTER (WHERE is_forced AND idx = 0) OVER (PARTITION BY period_id, "org_unit_id"), FALSE) AS drop
                  FROM quota_0)),
paid AS (
        SELECT t.* REPLACE (list_concat(t.notes, CASE t.idx WHEN 2 THEN ['后果：由办党组进行诫勉谈话，限期改正、不得参与当年各种先进个人评比、一年内不得晋升职务、本考核年度不计算为晋升级别和级别工资档次的考核年限、不享受本年度考核奖金'] WHEN 3 THEN ['后果：由办党组进行诫勉谈话，限期改正、不享受本年度市政府规定考核奖金、降低一个职务层次任职、本考核年度不计算为晋升级别和级别工资档次的考核年限'] ELSE []::VARCHAR[] END) AS notes), grade AS paid_grade
        FROM (SELECT *, CASE idx WHEN 0 THEN '优秀' WHEN 1 THEN '称职' WHEN 2 THEN '基本称职' WHEN 3 THEN '不称职' END AS grade FROM quota1_0) t)
        SELECT 'seed-template15' AS spec_id, spec_version,
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

-- 绩效挖掘: which indicators drive the differences in totals and grades within a department.
-- Per spec, period and department (graded people only, departments of 3 or more), each
-- indicator's spread, its covariance share of the total's variance, its correlation with the
-- total, and the gap between the people graded in the spec's best grade and the others.
with

scores as (
    select * from {{ ref('fct_indicator_score') }}
    where appraisee_type = 'person'
),

appraisals as (
    select * from {{ ref('fct_appraisal') }}
    where appraisee_type = 'person' and grade_status = 'graded'
),

best_grade as (
    -- The spec's best grade awarded in the period (优秀 when anyone had it).
    select
        spec_id,
        period_id,
        arg_max(grade, total) as top_grade
    from appraisals
    group by all
),

joined as (
    select
        scores.spec_id,
        scores.period_id,
        appraisals.org_unit_id,
        scores.indicator_id,
        scores.indicator_name,
        scores.sort_order,
        scores.points,
        scores.max_points,
        appraisals.total,
        appraisals.grade = best_grade.top_grade as is_top_grade
    from scores
    inner join appraisals
        on
            scores.spec_id = appraisals.spec_id
            and scores.appraisee_id = appraisals.appraisee_id
            and scores.period_id = appraisals.period_id
    inner join best_grade
        on
            scores.spec_id = best_grade.spec_id
            and scores.period_id = best_grade.period_id
),

stats as (
    select
        spec_id,
        period_id,
        org_unit_id,
        indicator_id,
        any_value(indicator_name) as indicator_name,
        any_value(sort_order) as sort_order,
        any_value(max_points) as max_points,
        count(*) as appraisees,
        avg(points) as mean_points,
        coalesce(stddev_pop(points), 0) as stddev_points,
        covar_pop(points, total) / nullif(var_pop(total), 0) as variance_share,
        -- DuckDB's corr() is NaN (not NULL) when either side is constant; NaN would sort
        -- above every number and make a flat indicator the top driver.
        case
            when var_pop(points) > 0 and var_pop(total) > 0 then corr(points, total)
        end as correlation_with_total,
        avg(points) filter (where is_top_grade) as mean_points_top_grade,
        avg(points) filter (where not is_top_grade) as mean_points_other_grades
    from joined
    group by spec_id, period_id, org_unit_id, indicator_id
    having count(*) >= 3
)

select
    spec_id,
    period_id,
    org_unit_id,
    indicator_id,
    indicator_name,
    sort_order,
    max_points,
    appraisees,
    mean_points,
    stddev_points,
    variance_share,
    correlation_with_total,
    mean_points_top_grade,
    mean_points_other_grades,
    mean_points_top_grade - mean_points_other_grades as top_grade_gap,
    coalesce(correlation_with_total * stddev_points / nullif(max_points, 0), 0) as driver_score,
    rank() over (
        partition by spec_id, period_id, org_unit_id
        order by coalesce(correlation_with_total * stddev_points / nullif(max_points, 0), 0) desc
    ) as driver_rank
from stats
order by spec_id, period_id, org_unit_id, driver_rank, sort_order

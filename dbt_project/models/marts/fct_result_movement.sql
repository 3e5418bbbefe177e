-- 绩效挖掘: people (and departments) whose results moved between consecutive periods of the
-- same kind under the same spec — the change in total, in relative rank and in grade — and
-- whether the move is sharp (15 points or more, or half the group's ranks or more in a group
-- of at least 8).
with

appraisals as (
    select * from {{ ref('fct_appraisal') }}
),

periods as (
    select
        period_id,
        period_type,
        start_date
    from {{ ref('dim_period') }}
),

ordered as (
    select
        appraisals.spec_id,
        appraisals.appraisee_type,
        appraisals.appraisee_id,
        appraisals.org_unit_id,
        periods.period_type,
        appraisals.period_id,
        appraisals.total,
        appraisals.grade,
        appraisals.category_size,
        cast(appraisals.rank_in_category as double) / appraisals.category_size as rank_share,
        lag(appraisals.period_id) over w as previous_period_id,
        lag(appraisals.total) over w as previous_total,
        lag(appraisals.grade) over w as previous_grade,
        lag(cast(appraisals.rank_in_category as double) / appraisals.category_size) over w
            as previous_rank_share
    from appraisals
    inner join periods on appraisals.period_id = periods.period_id
    window w as (
        partition by appraisals.spec_id, appraisals.appraisee_id, periods.period_type
        order by periods.start_date
    )
)

select
    spec_id,
    appraisee_type,
    appraisee_id,
    org_unit_id,
    period_type,
    period_id,
    previous_period_id,
    total,
    previous_total,
    total - previous_total as total_change,
    rank_share,
    previous_rank_share,
    round(rank_share - previous_rank_share, 6) as rank_share_change,
    grade,
    previous_grade,
    coalesce(grade, '') != coalesce(previous_grade, '') as grade_changed,
    coalesce(
        abs(total - previous_total) >= 15
        or (abs(round(rank_share - previous_rank_share, 6)) >= 0.5 and category_size >= 8),
        false
    ) as is_sharp,
    case
        when total > previous_total then 'up'
        when total < previous_total then 'down'
        else 'level'
    end as direction
from ordered
where previous_period_id is not null
order by spec_id, appraisee_id, period_id

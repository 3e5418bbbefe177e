-- Each appraisee's annual result (the year roll-up of fct_appraisal), with what the year was
-- built from: the quarterly grades in order, how many quarters were 优秀 and 不称职, and the
-- quarterly payouts of the year.
with

appraisals as (
    select * from {{ ref('fct_appraisal') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

quarters as (
    select
        appraisals.spec_id,
        appraisals.appraisee_id,
        periods.year,
        count(*) as quarters_appraised,
        string_agg(coalesce(appraisals.grade, '—'), '、' order by periods.start_date)
            as quarter_grades,
        count(*) filter (where appraisals.grade in ('优秀')) as excellent_quarters,
        count(*) filter (where appraisals.grade in ('不称职', '不合格')) as unsatisfactory_quarters,
        sum(appraisals.payout) as quarterly_payouts
    from appraisals
    inner join periods on appraisals.period_id = periods.period_id
    where periods.period_type = 'quarter'
    group by all
)

select
    appraisals.spec_id,
    appraisals.spec_version,
    appraisals.appraisee_type,
    appraisals.appraisee_id,
    appraisals.period_id,
    periods.year,
    appraisals.org_unit_id,
    appraisals.category,
    appraisals.total,
    appraisals.rank_in_category,
    appraisals.category_size,
    appraisals.grade,
    appraisals.grade_status,
    appraisals.grade_note,
    coalesce(quarters.quarters_appraised, 0) as quarters_appraised,
    quarters.quarter_grades,
    coalesce(quarters.excellent_quarters, 0) as excellent_quarters,
    coalesce(quarters.unsatisfactory_quarters, 0) as unsatisfactory_quarters,
    quarters.quarterly_payouts
from appraisals
inner join periods on appraisals.period_id = periods.period_id
left join quarters
    on
        appraisals.spec_id = quarters.spec_id
        and appraisals.appraisee_id = quarters.appraisee_id
        and periods.year = quarters.year
where periods.period_type = 'year'
order by periods.year, appraisals.spec_id, appraisals.appraisee_id

-- 绩效奖金: one row per appraisee and period whose spec pays by grade, with the amount, how
-- it was set (grade, paid pro rata when not graded, withheld) and the total so far in the
-- year. Roll-up periods pay nothing of their own and are not listed.
with

appraisals as (
    select * from {{ ref('fct_appraisal') }}
    where payout is not null
),

periods as (
    select * from {{ ref('dim_period') }}
)

select
    appraisals.spec_id,
    appraisals.appraisee_type,
    appraisals.appraisee_id,
    appraisals.period_id,
    periods.period_type,
    periods.year,
    periods.start_date,
    periods.end_date,
    appraisals.org_unit_id,
    org_units.procuratorate_id,
    org_units.dept_key,
    appraisals.category,
    appraisals.grade,
    appraisals.grade_status,
    appraisals.payout,
    sum(appraisals.payout) over (
        partition by appraisals.spec_id, appraisals.appraisee_id, periods.year
        order by periods.start_date
        rows between unbounded preceding and current row
    ) as payout_year_to_date
from appraisals
inner join periods on appraisals.period_id = periods.period_id
left join {{ ref('dim_org_unit') }} as org_units
    on appraisals.org_unit_id = org_units.org_unit_id
order by periods.start_date, appraisals.spec_id, appraisals.appraisee_id

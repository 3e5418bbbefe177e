-- The counts behind the SPP case-quality indicators (案件质量主要评价指标, DIGEST §F), per
-- undertaker (承办人) and calendar month: what was in hand, what was concluded and how.
-- Everything concluded is counted in the month of its closed_date.
with

cases as (
    select * from {{ ref('stg_case__cases') }}
),

events as (
    select
        case_id,
        count(*) filter (where event_type = '退回补充侦查') as return_count,
        count(*) filter (where event_type = '延长审查期限') as extension_count
    from {{ ref('stg_case__case_events') }}
    group by case_id
),

case_steps as (
    select
        cases.case_id,
        cases.case_type,
        cases.undertaker_id as person_id,
        cases.org_unit_id,
        cases.procuratorate_id,
        cases.accepted_date,
        cases.deadline_date,
        cases.closed_date,
        cases.outcome,
        coalesce(cases.is_plea_leniency, false) as is_plea_leniency,
        coalesce(events.return_count, 0) as return_count,
        coalesce(events.extension_count, 0) as extension_count
    from cases
    left join events on cases.case_id = events.case_id
),

bounds as (
    select
        date_trunc('month', min(accepted_date)) as first_month,
        date_trunc('month', max(coalesce(closed_date, accepted_date))) as last_month
    from cases
),

months as (
    select
        cast(unnest(generate_series(first_month, last_month, interval 1 month)) as date)
            as month_start
    from bounds
),

in_hand as (
    -- 在办: accepted by the month's end and not closed before it began.
    select
        case_steps.person_id,
        case_steps.org_unit_id,
        case_steps.procuratorate_id,
        months.month_start,
        count(*) as cases_in_hand
    from case_steps
    inner join months
        on
            case_steps.accepted_date < months.month_start + interval 1 month
            and (case_steps.closed_date is null or case_steps.closed_date >= months.month_start)
    group by all
),

concluded as (
    select
        person_id,
        org_unit_id,
        procuratorate_id,
        cast(date_trunc('month', closed_date) as date) as month_start,
        count(*) as cases_closed,
        sum(1 + return_count + extension_count) as procedure_steps,
        count(*) filter (where closed_date > deadline_date) as overdue_closed,
        count(*) filter (where case_type = '审查逮捕') as arrest_reviews_closed,
        count(*) filter (where case_type = '审查逮捕' and outcome = '不批准逮捕') as not_arrested,
        count(*) filter (where case_type = '审查起诉') as prosecution_reviews_closed,
        count(*) filter (where case_type = '审查起诉' and outcome = '不起诉') as not_prosecuted,
        count(*) filter (where case_type = '审查起诉' and is_plea_leniency) as plea_leniency,
        count(*) filter (where case_type = '审查起诉' and return_count >= 1) as returned_once,
        count(*) filter (where case_type = '审查起诉' and return_count >= 2) as returned_twice
    from case_steps
    where closed_date is not null
    group by all
)

select
    in_hand.person_id,
    in_hand.org_unit_id,
    in_hand.procuratorate_id,
    in_hand.month_start,
    in_hand.cases_in_hand,
    coalesce(concluded.cases_closed, 0) as cases_closed,
    cast(coalesce(concluded.procedure_steps, 0) as bigint) as procedure_steps,
    coalesce(concluded.overdue_closed, 0) as overdue_closed,
    coalesce(concluded.arrest_reviews_closed, 0) as arrest_reviews_closed,
    coalesce(concluded.not_arrested, 0) as not_arrested,
    coalesce(concluded.prosecution_reviews_closed, 0) as prosecution_reviews_closed,
    coalesce(concluded.not_prosecuted, 0) as not_prosecuted,
    coalesce(concluded.plea_leniency, 0) as plea_leniency,
    coalesce(concluded.returned_once, 0) as returned_once,
    coalesce(concluded.returned_twice, 0) as returned_twice
from in_hand
left join concluded
    on
        in_hand.person_id = concluded.person_id
        and in_hand.org_unit_id = concluded.org_unit_id
        and in_hand.procuratorate_id = concluded.procuratorate_id
        and in_hand.month_start = concluded.month_start

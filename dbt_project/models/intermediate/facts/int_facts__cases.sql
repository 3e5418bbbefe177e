-- 办案系统 cases: each case is accepted, may be closed, and may be overdue — one fact each.
with

cases as (
    select * from {{ ref('stg_case__cases') }}
),

horizon as (
    -- The case system's horizon: an open case past its deadline by then is overdue.
    select max(updated_at)::date as as_of_date from cases
),

case_kinds as (
    select
        case_id,
        'case_accepted' as kind,
        accepted_date as activity_date
    from cases

    union all

    select
        case_id,
        'case_closed' as kind,
        closed_date as activity_date
    from cases
    where closed_date is not null

    union all

    select
        cases.case_id,
        'case_overdue' as kind,
        cases.deadline_date as activity_date
    from cases
    cross join horizon
    -- closed after its deadline, or still open when the case system's horizon passed it
    where coalesce(cases.closed_date, horizon.as_of_date) > cases.deadline_date

    union all

    -- Case-quality denominators and numerators (SPP 案件质量主要评价指标), dated at closure:
    -- an arrest review or prosecution review concluded, and how.
    select
        case_id,
        case
            when case_type = '审查逮捕' then 'arrest_reviewed'
            else 'prosecution_reviewed'
        end as kind,
        closed_date as activity_date
    from cases
    where closed_date is not null and case_type in ('审查逮捕', '审查起诉')

    union all

    select
        case_id,
        case
            when outcome = '不批准逮捕' then 'not_arrested'
            else 'not_prosecuted'
        end as kind,
        closed_date as activity_date
    from cases
    where closed_date is not null and outcome in ('不批准逮捕', '不起诉')

    union all

    select
        case_id,
        'plea_leniency' as kind,
        closed_date as activity_date
    from cases
    where closed_date is not null and case_type = '审查起诉' and is_plea_leniency
),

kinds as (
    select
        kind,
        kind_label
    from {{ ref('fact_kinds') }}
    where source = 'case.case'
)

select
    'cases:' || case_kinds.case_id || ':' || case_kinds.kind as activity_id,
    'case' as source_system,
    'cases' as source_table,
    case_kinds.case_id as source_key,
    'case.case' as source,
    case_kinds.kind,
    cases.undertaker_id as person_id,
    cases.org_unit_id,
    case_kinds.activity_date,
    kinds.kind_label || '：' || cases.case_type || ' ' || cases.case_id as detail
from case_kinds
inner join cases on case_kinds.case_id = cases.case_id
left join kinds on case_kinds.kind = kinds.kind

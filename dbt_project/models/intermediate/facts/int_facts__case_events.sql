-- 办案系统 procedural events that specs score; other event types are not facts.
with

events as (
    select
        event_id,
        case_id,
        person_id,
        event_date,
        case event_type
            when '退回补充侦查' then 'return_supplementary'
            when '延长审查期限' then 'extension'
        end as kind
    from {{ ref('stg_case__case_events') }}
),

cases as (
    select * from {{ ref('stg_case__cases') }}
),

kinds as (
    select
        kind,
        kind_label
    from {{ ref('fact_kinds') }}
    where source = 'case.event'
)

select
    'case_events:' || events.event_id as activity_id,
    'case' as source_system,
    'case_events' as source_table,
    events.event_id as source_key,
    'case.event' as source,
    events.kind,
    events.person_id,
    cases.org_unit_id,
    events.event_date as activity_date,
    kinds.kind_label || '：案件 ' || events.case_id as detail
from events
left join cases on events.case_id = cases.case_id
left join kinds on events.kind = kinds.kind
where events.kind is not null

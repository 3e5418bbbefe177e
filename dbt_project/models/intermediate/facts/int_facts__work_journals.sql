-- 办公系统 weekly work journals: the reviewer's score, else the self-assessment.
with

journals as (
    select * from {{ ref('stg_office__work_journals') }}
),

kinds as (
    select kind_label
    from {{ ref('fact_kinds') }}
    where source = 'office.journal' and kind = 'journal'
)

select
    'work_journals:' || journals.journal_id as activity_id,
    'office' as source_system,
    'work_journals' as source_table,
    journals.journal_id as source_key,
    'office.journal' as source,
    'journal' as kind,
    journals.person_id,
    journals.week_start as activity_date,
    coalesce(journals.reviewer_score, journals.self_score) as value,
    kinds.kind_label || ' ' || journals.week_start || '：自评 ' || journals.self_score
    || coalesce('，审核 ' || journals.reviewer_score, '（未审核，按自评）') as detail
from journals
left join kinds on true

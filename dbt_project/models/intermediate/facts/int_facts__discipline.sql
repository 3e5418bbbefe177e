-- Registry of disciplinary measures (惩戒, kept by 监察处); the sanction is the kind.
with

measures as (
    select * from {{ ref('stg_app__discipline') }}
),

kinds as (
    select
        kind,
        kind_label
    from {{ ref('fact_kinds') }}
    where source = 'registry.discipline'
)

select
    'reg_discipline:' || measures.record_id as activity_id,
    'app' as source_system,
    'reg_discipline' as source_table,
    measures.record_id as source_key,
    'registry.discipline' as source,
    measures.sanction_type as kind,
    measures.person_id,
    measures.start_date as activity_date,
    kinds.kind_label || '：' || measures.description as detail
from measures
left join kinds on measures.sanction_type = kinds.kind

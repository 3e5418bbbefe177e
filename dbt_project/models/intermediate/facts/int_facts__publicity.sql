-- Registry of publicity reports (宣传报道, kept by 宣传处); the media level is the level.
with

reports as (
    select * from {{ ref('stg_app__publicity') }}
),

kinds as (
    select kind_label
    from {{ ref('fact_kinds') }}
    where source = 'registry.publicity' and kind = 'publicity'
)

select
    'reg_publicity:' || reports.report_id as activity_id,
    'app' as source_system,
    'reg_publicity' as source_table,
    reports.report_id as source_key,
    'registry.publicity' as source,
    'publicity' as kind,
    reports.person_id,
    reports.published_date as activity_date,
    reports.media_level as level,
    kinds.kind_label || '：' || reports.outlet || '（' || reports.media_level || '）' as detail
from reports
left join kinds on true

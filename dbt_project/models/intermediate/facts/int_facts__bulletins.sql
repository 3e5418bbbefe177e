-- Registry of information bulletins (信息简报, kept by 办公室); the media level is the level.
with

bulletins as (
    select * from {{ ref('stg_app__bulletins') }}
),

kinds as (
    select kind_label
    from {{ ref('fact_kinds') }}
    where source = 'registry.bulletin' and kind = 'bulletin'
)

select
    'reg_bulletins:' || bulletins.bulletin_id as activity_id,
    'app' as source_system,
    'reg_bulletins' as source_table,
    bulletins.bulletin_id as source_key,
    'registry.bulletin' as source,
    'bulletin' as kind,
    bulletins.person_id,
    bulletins.published_date as activity_date,
    bulletins.media_level as level,
    kinds.kind_label || '《' || bulletins.title || '》（' || bulletins.media_level || '）' as detail
from bulletins
left join kinds on true

-- Registry of awards (表彰奖励, kept by 政治部). An individual award names a person; a
-- collective award gives one fact to each member of the honoured unit (the spec decides
-- the collective factor). Rows sharing an event_key count once, at their highest level.
with

awards as (
    select * from {{ ref('stg_app__awards') }}
),

members as (
    select
        person_id,
        org_unit_id
    from {{ ref('stg_office__staff') }}
)

select
    'reg_awards:' || awards.award_id || coalesce(':' || members.person_id, '') as activity_id,
    'app' as source_system,
    'reg_awards' as source_table,
    awards.award_id as source_key,
    'registry.award' as source,
    'award' as kind,
    coalesce(awards.person_id, members.person_id) as person_id,
    awards.org_unit_id,
    awards.awarded_date as activity_date,
    awards.award_level as level,
    awards.event_key,
    awards.is_collective,
    case when awards.is_collective then '集体荣誉：' else '个人荣誉：' end
    || awards.title || '（' || awards.award_level || '）' as detail
from awards
left join members
    on
        awards.is_collective
        and awards.person_id is null
        and awards.org_unit_id = members.org_unit_id

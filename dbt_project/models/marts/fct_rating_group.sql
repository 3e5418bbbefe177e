-- The ratings as anyone may see them: one row per rated person, quarter and rater level,
-- shaped like fct_activity (its id 'ratings:summary:<quarter>:<person>:<level>', quantity
-- the number of raters, value their mean, dated at the latest rating). The one definition
-- of the "N 人评分，平均 X 分" row: the access layer serves fct_activity's ratings, the
-- evidence behind a score (fct_evidence_record) and fct_rating_summary from it, each only
-- where at least its threshold of raters scored (kpi_warehouse.store.scope_views.MIN_RATERS),
-- and never a single rating.
with

ratings as (
    select * from {{ ref('fct_activity') }}
    where source like 'ratings.%' or source_table = 'ratings'
),

groups as (
    select
        person_id,
        period_id,
        kind,
        any_value(source_system) as source_system,
        any_value(source_table) as source_table,
        any_value(source) as source,
        any_value(org_unit_id) as org_unit_id,
        any_value(kind_label) as kind_label,
        count(value) as raters,
        round(avg(value), 2) as mean_score,
        max(activity_date) as last_date
    from ratings
    group by person_id, period_id, kind
)

select
    'ratings:summary:' || period_id || ':' || person_id || ':' || kind as activity_id,
    source_system,
    source_table,
    cast(null as varchar) as source_key,
    source,
    kind,
    person_id,
    org_unit_id,
    last_date as activity_date,
    period_id,
    cast(null as varchar) as level,
    cast(raters as double) as quantity,
    mean_score as value,
    cast(null as varchar) as event_key,
    false as is_collective,
    cast(1.0 as double) as share,
    coalesce(kind_label, kind) || '：' || raters || ' 人评分，平均 ' || mean_score || ' 分'
        as detail,
    kind_label
from groups
order by person_id, period_id, kind

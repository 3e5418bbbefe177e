-- Ratings by leaders and colleagues, dated at the end of the rated quarter. An abstention
-- (no score) is not a rating.
with

ratings as (
    select * from {{ ref('stg_app__ratings') }}
    where score is not null
),

kinds as (
    select
        kind,
        kind_label
    from {{ ref('fact_kinds') }}
    where source = 'ratings.rating'
)

select
    'ratings:' || ratings.rating_id as activity_id,
    'app' as source_system,
    'ratings' as source_table,
    ratings.rating_id as source_key,
    'ratings.rating' as source,
    ratings.rater_level as kind,
    ratings.ratee_id as person_id,
    {{ quarter_end('ratings.period_id') }} as activity_date,
    ratings.score as value,
    kinds.kind_label || ' ' || ratings.score || ' 分' as detail
from ratings
left join kinds on ratings.rater_level = kinds.kind

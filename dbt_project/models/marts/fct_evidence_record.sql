-- The source records behind each indicator score, as the evidence drill-down shows them:
-- fct_evidence joined to its score's appraisee and period and to the records it names, a
-- score's ratings of one person, quarter and rater level as one row of fct_rating_group
-- (their points summed), never a single rating. One score's rows are read by score_digest
-- (the table is sorted by it, so DuckDB skips every other row group) instead of joining the
-- 3 M evidence links to the 10 M activity rows per click; the access layer only filters.
-- Incremental by spec (macros/rescore_specs.sql): a spec-only rebuild adds the changed
-- specs' rows, sorted among themselves, so each row group still spans a narrow range.
with

linked as (
    select
        evidence.indicator_score_id,
        evidence.activity_id,
        evidence.points,
        activity.person_id,
        activity.period_id,
        activity.kind,
        (activity.source like 'ratings.%' or activity.source_table = 'ratings') as is_rating
    from {{ ref('fct_evidence') }} as evidence
    inner join {{ ref('fct_activity') }} as activity
        on evidence.activity_id = activity.activity_id
    {%- if is_incremental() %}
        where {{ is_rescored(spec_of_score('evidence.indicator_score_id')) }}
    {%- endif %}
),

records as (
    select
        indicator_score_id,
        activity_id,
        points
    from linked
    where not is_rating
),

rating_groups as (
    select
        linked.indicator_score_id,
        rating_group.activity_id,
        -- added in a fixed order: a float sum's last bits depend on the order a parallel
        -- aggregate adds in, and two builds from the same sources give the same content hash
        sum(linked.points order by linked.activity_id) as points
    from linked
    inner join {{ ref('fct_rating_group') }} as rating_group
        on
            linked.person_id = rating_group.person_id
            and linked.period_id is not distinct from rating_group.period_id
            and linked.kind = rating_group.kind
    where linked.is_rating
    group by linked.indicator_score_id, rating_group.activity_id
),

shown as (
    select
        records.indicator_score_id,
        records.points,
        activity.*
    from records
    inner join {{ ref('fct_activity') }} as activity
        on records.activity_id = activity.activity_id
    union all by name
    select
        rating_groups.indicator_score_id,
        rating_groups.points,
        rating_group.*
    from rating_groups
    inner join {{ ref('fct_rating_group') }} as rating_group
        on rating_groups.activity_id = rating_group.activity_id
)

select
    left(md5(shown.indicator_score_id), 16) as score_digest,
    shown.indicator_score_id,
    score.appraisee_type,
    score.appraisee_id,
    score.period_id,
    shown.activity_id,
    shown.points,
    shown.activity_date,
    shown.source_system,
    shown.source_table,
    shown.source_key,
    shown.source,
    shown.kind,
    shown.kind_label,
    shown.person_id,
    shown.org_unit_id,
    shown.period_id as record_period_id,
    shown.level,
    shown.quantity,
    shown.value,
    shown.share,
    shown.detail
from shown
inner join {{ ref('fct_indicator_score') }} as score
    on shown.indicator_score_id = score.indicator_score_id
order by score_digest, shown.activity_id

-- fct_evidence joined to its score's appraisee and period and to the records it names, for
-- the evidence drill-down: one score's
-- records are read by score_digest (the table is sorted by it, so DuckDB skips every other
-- row group) instead of joining the 3 M evidence links to the 10 M activity rows per click.
-- Each row also carries the statistics of its person's records of the same kind in the
-- same quarter (how many carry a value, their mean, the last date): the access layer shows
-- ratings only as such a summary, and needs it without reading fct_activity again.
with

same_kind as (
    select
        person_id,
        period_id,
        kind,
        count(value) as kind_values,
        round(avg(value), 2) as kind_mean,
        max(activity_date) as kind_last_date
    from {{ ref('fct_activity') }}
    group by person_id, period_id, kind
)

select
    left(md5(evidence.indicator_score_id), 16) as score_digest,
    evidence.indicator_score_id,
    score.appraisee_type,
    score.appraisee_id,
    score.period_id,
    evidence.activity_id,
    evidence.points,
    activity.activity_date,
    activity.source_system,
    activity.source_table,
    activity.source_key,
    activity.source,
    activity.kind,
    activity.kind_label,
    activity.person_id,
    activity.org_unit_id,
    activity.period_id as record_period_id,
    activity.level,
    activity.quantity,
    activity.value,
    activity.share,
    activity.detail,
    same_kind.kind_values,
    same_kind.kind_mean,
    same_kind.kind_last_date
from {{ ref('fct_evidence') }} as evidence
inner join {{ ref('fct_indicator_score') }} as score
    on evidence.indicator_score_id = score.indicator_score_id
inner join {{ ref('fct_activity') }} as activity
    on evidence.activity_id = activity.activity_id
left join same_kind
    on
        activity.person_id = same_kind.person_id
        and activity.period_id is not distinct from same_kind.period_id
        and activity.kind = same_kind.kind
order by score_digest, evidence.activity_id

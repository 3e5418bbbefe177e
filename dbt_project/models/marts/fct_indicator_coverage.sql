-- 绩效挖掘: data coverage per indicator and source — for each spec, period and indicator,
-- how many appraisees had at least one record behind their points, and from which source
-- system. Low coverage of a registry or a manual entry is a gap in the data, not a result.
with

scores as (
    select
        indicator_score_id,
        spec_id,
        spec_version,
        period_id,
        indicator_id,
        indicator_name
    from {{ ref('fct_indicator_score') }}
),

evidence as (
    select
        evidence.indicator_score_id,
        count(*) as records,
        any_value(activity.source_system) as source_system
    from {{ ref('fct_evidence') }} as evidence
    left join {{ ref('fct_activity') }} as activity
        on evidence.activity_id = activity.activity_id
    group by evidence.indicator_score_id
),

indicators as (
    select distinct
        spec_id,
        spec_version,
        indicator_id,
        source
    from {{ ref('dim_indicator') }}
)

select
    scores.spec_id,
    scores.period_id,
    scores.indicator_id,
    any_value(scores.indicator_name) as indicator_name,
    any_value(indicators.source) as source,
    coalesce(any_value(evidence.source_system), split_part(any_value(indicators.source), '.', 1))
        as source_system,
    count(*) as appraisees,
    count(evidence.indicator_score_id) as appraisees_with_records,
    cast(count(evidence.indicator_score_id) as double) / count(*) as coverage,
    cast(coalesce(sum(evidence.records), 0) as bigint) as records
from scores
left join evidence on scores.indicator_score_id = evidence.indicator_score_id
left join indicators
    on
        scores.spec_id = indicators.spec_id
        and scores.spec_version = indicators.spec_version
        and scores.indicator_id = indicators.indicator_id
group by scores.spec_id, scores.period_id, scores.indicator_id
order by scores.spec_id, scores.period_id, scores.indicator_id

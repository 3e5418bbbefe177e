-- A department appraised in the unit appraisal cycle (a spec scoring unit.appraisal facts)
-- is scored for a period only once its cycle has published it: until then it has no result
-- rather than a total of zeros, and its year averages the quarters published so far.
with

cycle_specs as (
    select distinct
        spec_id,
        spec_version
    from {{ ref('int_indicators') }}
    where source = 'unit.appraisal'
),

published as (
    select distinct
        spec_id,
        org_unit_id,
        period_id
    from {{ ref('stg_app__unit_appraisal_scores') }}
)

select
    scores.indicator_score_id,
    scores.spec_id,
    scores.spec_version,
    scores.appraisee_type,
    scores.appraisee_id,
    scores.period_id,
    scores.indicator_id,
    scores.indicator_name,
    scores.clause,
    scores.measure,
    scores.measure_label,
    scores.raw_points,
    scores.points,
    scores.max_points,
    scores.cap_applied,
    scores.sort_order
from {{ ref('int_indicator_scores') }} as scores
where
    not exists (
        select 1 from cycle_specs
        where
            cycle_specs.spec_id = scores.spec_id
            and cycle_specs.spec_version = scores.spec_version
    )
    or exists (
        select 1 from published
        where
            published.spec_id = scores.spec_id
            and published.org_unit_id = scores.appraisee_id
            and published.period_id = scores.period_id
    )
order by scores.appraisee_id, scores.period_id, scores.spec_id, scores.sort_order

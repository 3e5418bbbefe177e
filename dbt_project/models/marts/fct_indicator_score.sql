select
    indicator_score_id,
    spec_id,
    spec_version,
    appraisee_type,
    appraisee_id,
    period_id,
    indicator_id,
    indicator_name,
    clause,
    measure,
    measure_label,
    raw_points,
    points,
    max_points,
    cap_applied,
    sort_order
from {{ ref('int_indicator_scores') }}
order by appraisee_id, period_id, spec_id, sort_order

select
    indicator_score_id,
    activity_id,
    points
from {{ ref('int_evidence') }}
order by indicator_score_id, activity_id

select
    indicator_score_id,
    activity_id,
    points
from {{ ref('int_evidence') }}
{%- if is_incremental() %}
    where {{ is_rescored(spec_of_score('indicator_score_id')) }}
{%- endif %}
order by indicator_score_id, activity_id

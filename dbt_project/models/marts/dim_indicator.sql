select
    spec_id,
    spec_version,
    spec_title,
    indicator_id,
    indicator_name,
    clause,
    source,
    rule_type,
    max_points,
    sort_order::integer as sort_order
from {{ ref('int_indicators') }}

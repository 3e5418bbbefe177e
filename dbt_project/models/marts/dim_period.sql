select
    period_id,
    period_type,
    year::integer as year,
    quarter::integer as quarter,
    start_date,
    end_date,
    label_zh,
    label_en
from {{ ref('int_periods') }}

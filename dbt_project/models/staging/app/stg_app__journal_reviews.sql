select
    cast(journal_id as varchar) as journal_id,
    cast(level as varchar) as level,
    cast(score as double) as score
from {{ source('app', 'kpi_journal_review') }}

select
    cast(journal_id as varchar) as journal_id,
    cast(person_id as varchar) as person_id,
    {{ iso_date('week_start') }} as week_start,
    cast(self_score as double) as self_score,
    cast(excuse as varchar) as excuse
from {{ source('app', 'kpi_journal') }}

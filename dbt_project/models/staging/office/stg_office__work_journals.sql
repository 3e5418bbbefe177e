select
    cast(journal_id as varchar) as journal_id,
    cast(person_id as varchar) as person_id,
    {{ iso_date('week_start') }} as week_start,
    cast(self_score as double) as self_score,
    cast(reviewer_id as varchar) as reviewer_id,
    cast(reviewer_score as double) as reviewer_score
from {{ source('office', 'work_journals') }}

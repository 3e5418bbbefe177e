select
    cast(paper_id as varchar) as paper_id,
    cast(person_id as varchar) as person_id,
    cast(title as varchar) as title,
    cast(journal_level as varchar) as journal_level,
    greatest(cast(co_authors as integer), 1) as co_authors,
    {{ iso_date('published_date') }} as published_date,
    cast(recorded_by as varchar) as recorded_by
from {{ source('app', 'reg_research') }}

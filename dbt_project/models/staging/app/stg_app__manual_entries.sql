select
    cast(entry_id as varchar) as entry_id,
    cast(person_id as varchar) as person_id,
    cast(item as varchar) as item,
    cast(value as double) as value,
    {{ iso_date('entry_date') }} as entry_date,
    cast(description as varchar) as description,
    cast(entered_by as varchar) as entered_by,
    cast(reviewed_by as varchar) as reviewed_by,
    cast(review_status as varchar) as review_status
from {{ source('app', 'manual_entries') }}

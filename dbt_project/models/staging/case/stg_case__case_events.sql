select
    cast(event_id as varchar) as event_id,
    cast(case_id as varchar) as case_id,
    cast(event_type as varchar) as event_type,
    {{ iso_date('event_date') }} as event_date,
    cast(person_id as varchar) as person_id
from {{ source('case', 'case_events') }}

select
    cast(session_id as varchar) as session_id,
    cast(person_id as varchar) as person_id,
    cast(status as varchar) as status
from {{ source('office', 'study_attendance') }}

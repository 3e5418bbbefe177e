select
    cast(record_id as varchar) as record_id,
    cast(person_id as varchar) as person_id,
    {{ iso_date('work_date') }} as work_date,
    cast(status as varchar) as status,
    cast(leave_type as varchar) as leave_type
from {{ source('office', 'attendance') }}

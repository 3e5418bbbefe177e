select
    cast(person_id as varchar) as person_id,
    cast(name as varchar) as person_name,
    cast(org_unit_id as varchar) as org_unit_id,
    cast(post as varchar) as post,
    cast(category as varchar) as category,
    {{ iso_date('hire_date') }} as hire_date,
    cast(status as varchar) as status,
    {{ iso_date('leave_date') }} as leave_date
from {{ source('office', 'staff') }}

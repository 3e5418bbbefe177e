select
    cast(case_id as varchar) as case_id,
    cast(case_no as varchar) as case_no,
    cast(case_type as varchar) as case_type,
    cast(procuratorate_id as varchar) as procuratorate_id,
    cast(org_unit_id as varchar) as org_unit_id,
    cast(undertaker_id as varchar) as undertaker_id,
    {{ iso_date('accepted_date') }} as accepted_date,
    {{ iso_date('deadline_date') }} as deadline_date,
    {{ iso_date('closed_date') }} as closed_date,
    cast(outcome as varchar) as outcome,
    cast(plea_leniency as integer) = 1 as is_plea_leniency,
    cast(updated_at as timestamp) as updated_at
from {{ source('case', 'cases') }}

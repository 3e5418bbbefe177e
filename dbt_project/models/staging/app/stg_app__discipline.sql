select
    cast(record_id as varchar) as record_id,
    cast(person_id as varchar) as person_id,
    cast(sanction_type as varchar) as sanction_type,
    {{ iso_date('start_date') }} as start_date,
    {{ iso_date('end_date') }} as end_date,
    cast(description as varchar) as description,
    cast(recorded_by as varchar) as recorded_by
from {{ source('app', 'reg_discipline') }}

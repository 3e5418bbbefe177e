select
    cast(award_id as varchar) as award_id,
    cast(event_key as varchar) as event_key,
    cast(person_id as varchar) as person_id,
    cast(org_unit_id as varchar) as org_unit_id,
    cast(award_level as varchar) as award_level,
    cast(is_collective as integer) = 1 as is_collective,
    cast(title as varchar) as title,
    {{ iso_date('awarded_date') }} as awarded_date,
    cast(recorded_by as varchar) as recorded_by
from {{ source('app', 'reg_awards') }}

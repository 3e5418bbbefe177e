select
    cast(report_id as varchar) as report_id,
    cast(person_id as varchar) as person_id,
    cast(outlet as varchar) as outlet,
    cast(media_level as varchar) as media_level,
    {{ iso_date('published_date') }} as published_date,
    cast(recorded_by as varchar) as recorded_by
from {{ source('app', 'reg_publicity') }}

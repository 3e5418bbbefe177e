select
    cast(bulletin_id as varchar) as bulletin_id,
    cast(person_id as varchar) as person_id,
    cast(title as varchar) as title,
    cast(media_level as varchar) as media_level,
    {{ iso_date('published_date') }} as published_date,
    cast(recorded_by as varchar) as recorded_by
from {{ source('app', 'reg_bulletins') }}

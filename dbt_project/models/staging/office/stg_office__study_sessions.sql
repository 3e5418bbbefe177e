select
    cast(session_id as varchar) as session_id,
    cast(procuratorate_id as varchar) as procuratorate_id,
    cast(session_type as varchar) as session_type,
    cast(title as varchar) as title,
    {{ iso_date('session_date') }} as session_date
from {{ source('office', 'study_sessions') }}

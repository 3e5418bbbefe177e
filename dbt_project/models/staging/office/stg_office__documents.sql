select
    cast(doc_id as varchar) as doc_id,
    cast(person_id as varchar) as person_id,
    cast(doc_type as varchar) as doc_type,
    cast(title as varchar) as title,
    {{ iso_date('handled_date') }} as handled_date
from {{ source('office', 'documents') }}

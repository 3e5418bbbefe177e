select
    cast(procuratorate_id as varchar) as procuratorate_id,
    cast(name as varchar) as procuratorate_name,
    cast(level as varchar) as procuratorate_level,
    cast(parent_id as varchar) as parent_id
from {{ source('office', 'procuratorates') }}

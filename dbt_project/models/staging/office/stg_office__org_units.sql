select
    cast(org_unit_id as varchar) as org_unit_id,
    cast(procuratorate_id as varchar) as procuratorate_id,
    cast(name as varchar) as org_unit_name,
    cast(dept_key as varchar) as dept_key,
    cast(kind as varchar) as unit_kind
from {{ source('office', 'org_units') }}

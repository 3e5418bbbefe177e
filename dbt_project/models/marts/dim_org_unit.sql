select
    org_units.org_unit_id,
    org_units.org_unit_name,
    org_units.dept_key,
    org_units.unit_kind,
    org_units.procuratorate_id,
    procuratorates.procuratorate_name,
    procuratorates.procuratorate_level
from {{ ref('stg_office__org_units') }} as org_units
inner join {{ ref('stg_office__procuratorates') }} as procuratorates
    on org_units.procuratorate_id = procuratorates.procuratorate_id
order by org_units.org_unit_id

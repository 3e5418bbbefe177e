select
    o.org_unit_id,
    o.org_unit_name,
    o.dept_key,
    o.unit_kind,
    o.procuratorate_id,
    p.procuratorate_name,
    p.procuratorate_level
from {{ ref('stg_office__org_units') }} o
join {{ ref('stg_office__procuratorates') }} p using (procuratorate_id)
order by o.org_unit_id

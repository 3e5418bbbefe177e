select
    staff.person_id,
    staff.person_name,
    staff.org_unit_id,
    org_units.org_unit_name,
    org_units.procuratorate_id,
    org_units.procuratorate_name,
    org_units.dept_key,
    staff.post,
    staff.category,
    staff.hire_date,
    staff.status,
    staff.leave_date
from {{ ref('stg_office__staff') }} as staff
inner join {{ ref('dim_org_unit') }} as org_units
    on staff.org_unit_id = org_units.org_unit_id
order by staff.person_id

select
    s.person_id,
    s.person_name,
    s.org_unit_id,
    o.org_unit_name,
    o.procuratorate_id,
    o.procuratorate_name,
    o.dept_key,
    s.post,
    s.category,
    s.hire_date,
    s.status,
    s.leave_date
from {{ ref('stg_office__staff') }} s
join {{ ref('dim_org_unit') }} o using (org_unit_id)
order by s.person_id

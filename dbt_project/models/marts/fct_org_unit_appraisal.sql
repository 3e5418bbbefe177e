-- Department appraisals (appraisee_type = org_unit): the upper procuratorate's department
-- scoring its counterparts below (上级院各部门对下级院对口部门), with the department's
-- procuratorate and counterpart key, so one department can be set beside its counterparts.
select
    appraisals.spec_id,
    appraisals.spec_version,
    appraisals.appraisee_id as org_unit_id,
    org_units.org_unit_name,
    org_units.dept_key,
    org_units.procuratorate_id,
    org_units.procuratorate_name,
    appraisals.period_id,
    periods.period_type,
    periods.year,
    appraisals.total,
    appraisals.rank_in_category as rank_among_counterparts,
    appraisals.category_size as counterparts,
    appraisals.grade,
    appraisals.grade_status,
    appraisals.grade_note
from {{ ref('fct_appraisal') }} as appraisals
inner join {{ ref('dim_period') }} as periods on appraisals.period_id = periods.period_id
left join {{ ref('dim_org_unit') }} as org_units on appraisals.appraisee_id = org_units.org_unit_id
where appraisals.appraisee_type = 'org_unit'
order by periods.start_date, appraisals.spec_id, appraisals.appraisee_id

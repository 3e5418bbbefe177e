-- Sorted by person so that drill-down queries touch few row groups.
select u.*, p.period_id, k.kind_label
from {{ ref('int_activity_unioned') }} u
join {{ ref('dim_person') }} using (person_id)
left join {{ ref('dim_period') }} p
    on p.period_type = 'quarter' and u.activity_date between p.start_date and p.end_date
left join {{ ref('dim_fact_kind') }} k on k.source = u.source and k.kind = u.kind
order by u.person_id, u.activity_date, u.activity_id

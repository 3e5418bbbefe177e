-- Sorted by person so that drill-down queries touch few row groups.
select u.*, p.period_id
from {{ ref('int_activity_unioned') }} u
join {{ ref('dim_person') }} using (person_id)
left join {{ ref('dim_period') }} p
    on p.period_type = 'quarter' and u.activity_date between p.start_date and p.end_date
order by u.person_id, u.activity_date, u.activity_id

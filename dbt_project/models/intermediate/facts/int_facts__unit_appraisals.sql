-- The unit appraisal cycle (单位考核): each published score of an indicator becomes one
-- fact of the department it appraises, dated the last day of the quarter, its value the
-- points the upper counterpart department gave (kind = the indicator). The person is the
-- department's member who submitted the self-assessment (a fact must name someone on the
-- staff); org-unit specs match facts by org_unit_id, so it is the department that scores.
select
    'unit_cycle:' || unit_score_id as activity_id,
    'app' as source_system,
    'kpi_unit_cycle_score' as source_table,
    unit_score_id as source_key,
    'unit.appraisal' as source,
    indicator_id as kind,
    submitted_person as person_id,
    org_unit_id,
    period_end as activity_date,
    score as value,
    item_id as event_key,
    '单位考核（' || period_id || '）' || indicator_name || '：' || score || ' 分'
    || coalesce('；' || score_note, '') as detail
from {{ ref('stg_app__unit_appraisal_scores') }}

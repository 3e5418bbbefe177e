-- The unit appraisal cycle's published scores: one row per department, spec, quarter and
-- indicator, from cycles the appraisal office has published (every item accepted). Drafts,
-- submissions, scores awaiting review and returned scores are not results and stay out.
select
    cast(scores.item_id as varchar) || ':' || cast(scores.indicator_id as varchar)
        as unit_score_id,
    cast(items.item_id as varchar) as item_id,
    cast(items.spec_id as varchar) as spec_id,
    cast(items.org_unit_id as varchar) as org_unit_id,
    cast(cycles.period_id as varchar) as period_id,
    {{ iso_date('cycles.period_end') }} as period_end,
    cast(items.submitted_person as varchar) as submitted_person,
    cast(items.scored_by as varchar) as scored_by,
    cast(scores.indicator_id as varchar) as indicator_id,
    cast(scores.indicator_name as varchar) as indicator_name,
    cast(scores.score as double) as score,
    cast(scores.score_note as varchar) as score_note
from {{ source('app', 'kpi_unit_cycle_score') }} as scores
inner join {{ source('app', 'kpi_unit_cycle_item') }} as items
    on scores.item_id = items.item_id
inner join {{ source('app', 'kpi_unit_cycle') }} as cycles
    on items.cycle_id = cycles.cycle_id
where cycles.status = 'published' and items.status = 'accepted' and scores.score is not null

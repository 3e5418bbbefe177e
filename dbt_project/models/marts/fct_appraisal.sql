select
    spec_id,
    spec_version,
    appraisee_type,
    appraisee_id,
    period_id,
    org_unit_id,
    category,
    total,
    rank_in_category,
    category_size,
    grade,
    grade_note,
    grade_status,
    payout
from {{ ref('int_appraisals') }}
order by period_id, spec_id, appraisee_id

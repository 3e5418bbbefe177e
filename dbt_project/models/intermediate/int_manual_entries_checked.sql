-- Every manual entry, flagged once for the review rule: an entry is scored only when it is
-- approved by a reviewer other than its entrant. not_scored_reason says why not (pending,
-- rejected, unrecorded_reviewer, self_reviewed); int_facts__manual_entries scores the
-- scoreable entries, int_data_quality_findings reports the others.
with

entries as (
    select
        entry_id,
        person_id,
        item,
        value,
        entry_date,
        description,
        entered_by,
        reviewed_by,
        review_status,
        case
            when review_status = 'rejected' then 'rejected'
            when review_status is null or review_status <> 'approved' then 'pending'
            when reviewed_by is null or entered_by is null then 'unrecorded_reviewer'
            when reviewed_by = entered_by then 'self_reviewed'
        end as not_scored_reason
    from {{ ref('stg_app__manual_entries') }}
)

select
    *,
    not_scored_reason is null as is_scoreable
from entries

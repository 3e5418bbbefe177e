-- Every attendance record, flagged once for the duplicate-day rule: when a person's day is
-- recorded twice, the record with the smallest record_id (the first entered) is kept and
-- the others are duplicates. int_facts__attendance scores the kept records only;
-- int_data_quality_findings reports the duplicates.
with

attendance as (
    select
        record_id,
        person_id,
        work_date,
        status,
        leave_type,
        first_value(record_id) over (
            partition by person_id, work_date order by record_id
        ) as kept_record_id
    from {{ ref('stg_office__attendance') }}
)

select
    *,
    record_id <> kept_record_id as is_duplicate
from attendance

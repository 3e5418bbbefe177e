-- One attendance record per person and day. When a day is recorded twice the record with
-- the smallest record_id is kept (the first one entered); fct_data_quality lists the rest.
select *
from {{ ref('stg_office__attendance') }}
qualify row_number() over (partition by person_id, work_date order by record_id) = 1

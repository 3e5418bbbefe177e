-- 办公系统 attendance: one fact per person and day; a day's duplicate records are not scored.
with

attendance as (
    select * from {{ ref('int_attendance_checked') }}
    where not is_duplicate
),

kinds as (
    select
        kind,
        kind_label
    from {{ ref('fact_kinds') }}
    where source = 'office.attendance'
)

select
    'attendance:' || attendance.record_id as activity_id,
    'office' as source_system,
    'attendance' as source_table,
    attendance.record_id as source_key,
    'office.attendance' as source,
    attendance.status as kind,
    attendance.person_id,
    attendance.work_date as activity_date,
    attendance.leave_type as level,
    attendance.work_date || ' ' || kinds.kind_label as detail
from attendance
left join kinds on attendance.status = kinds.kind

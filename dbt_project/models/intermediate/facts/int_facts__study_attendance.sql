-- 办公系统 attendance at study sessions (office.study) and training (office.training).
with

attendance as (
    select
        study_attendance.session_id,
        study_attendance.person_id,
        study_attendance.status as kind,
        sessions.title,
        sessions.session_date,
        case sessions.session_type
            when 'training' then 'office.training'
            else 'office.study'
        end as source
    from {{ ref('stg_office__study_attendance') }} as study_attendance
    inner join {{ ref('stg_office__study_sessions') }} as sessions
        on study_attendance.session_id = sessions.session_id
),

kinds as (
    select
        source,
        kind,
        kind_label
    from {{ ref('fact_kinds') }}
)

select
    'study_attendance:' || attendance.session_id || '/' || attendance.person_id as activity_id,
    'office' as source_system,
    'study_attendance' as source_table,
    attendance.session_id || '/' || attendance.person_id as source_key,
    attendance.source,
    attendance.kind,
    attendance.person_id,
    attendance.session_date as activity_date,
    attendance.title || '：' || kinds.kind_label as detail
from attendance
left join kinds
    on attendance.source = kinds.source and attendance.kind = kinds.kind

-- Every scoreable source record as one conformed activity fact, before checking that the
-- person it names exists (fct_activity keeps the known ones; fct_data_quality the rest).
-- Columns: see fct_activity.
with

cases as (
    select * from {{ ref('stg_case__cases') }}
),

as_of as (
    -- The case system's horizon: an open case past its deadline by then is overdue.
    select max(updated_at)::date as as_of_date from cases
),

case_facts as (
    select 'case_accepted' as kind, case_id, undertaker_id, org_unit_id, accepted_date as activity_date,
           case_type, '受理' as what from cases
    union all
    select 'case_closed', case_id, undertaker_id, org_unit_id, closed_date, case_type, '审结'
    from cases where closed_date is not null
    union all
    select 'case_overdue', case_id, undertaker_id, org_unit_id, deadline_date, case_type, '超期'
    from cases, as_of
    -- closed after its deadline, or still open when the case system's horizon passed it
    where coalesce(closed_date, as_of_date) > deadline_date
),

unioned as (
    select
        'case.case' as source, 'case' as source_system, 'cases' as source_table,
        case_id as source_key, 'cases:' || case_id || ':' || kind as activity_id,
        kind, undertaker_id as person_id, org_unit_id, activity_date,
        null::varchar as level, 1.0::double as quantity, null::double as value,
        null::varchar as event_key, false as is_collective, 1.0::double as share,
        what || '：' || case_type || ' ' || case_id as detail
    from case_facts

    union all
    select
        'case.event', 'case', 'case_events', event_id, 'case_events:' || event_id,
        case event_type when '退回补充侦查' then 'return_supplementary'
                        when '延长审查期限' then 'extension' end,
        e.person_id, c.org_unit_id, event_date, null, 1.0, null, null, false, 1.0,
        event_type || '：案件 ' || e.case_id
    from {{ ref('stg_case__case_events') }} e
    left join cases c using (case_id)
    where event_type in ('退回补充侦查', '延长审查期限')

    union all
    select
        'office.attendance', 'office', 'attendance', a.record_id, 'attendance:' || a.record_id,
        a.status, a.person_id, s.org_unit_id, a.work_date, a.leave_type, 1.0, null, null, false,
        1.0,
        a.work_date || ' ' || case a.status when 'on_time' then '按时出勤' when 'late' then '迟到'
            when 'early_leave' then '早退' when 'absent' then '旷工' else '请假' end
    from {{ ref('int_attendance_deduplicated') }} a
    left join {{ ref('stg_office__staff') }} s using (person_id)

    union all
    select
        case ss.session_type when 'training' then 'office.training' else 'office.study' end,
        'office', 'study_attendance', sa.session_id || '/' || sa.person_id,
        'study_attendance:' || sa.session_id || '/' || sa.person_id,
        sa.status, sa.person_id, s.org_unit_id, ss.session_date, null, 1.0, null, null, false, 1.0,
        ss.title || '：' || case sa.status when 'confirmed' then '按时参加' when 'late' then '迟到'
            else '缺席' end
    from {{ ref('stg_office__study_attendance') }} sa
    join {{ ref('stg_office__study_sessions') }} ss using (session_id)
    left join {{ ref('stg_office__staff') }} s on s.person_id = sa.person_id

    union all
    select
        'office.journal', 'office', 'work_journals', journal_id, 'work_journals:' || journal_id,
        'journal', j.person_id, s.org_unit_id, week_start, null, 1.0,
        coalesce(reviewer_score, self_score), null, false, 1.0,
        '工作周记 ' || week_start || '：自评 ' || self_score
            || coalesce('，审核 ' || reviewer_score, '（未审核，按自评）')
    from {{ ref('stg_office__work_journals') }} j
    left join {{ ref('stg_office__staff') }} s using (person_id)

    union all
    select
        'office.document', 'office', 'documents', doc_id, 'documents:' || doc_id,
        'document', d.person_id, s.org_unit_id, handled_date, doc_type, 1.0, null, null, false, 1.0,
        doc_type || '：' || title
    from {{ ref('stg_office__documents') }} d
    left join {{ ref('stg_office__staff') }} s using (person_id)

    union all
    select
        'registry.bulletin', 'app', 'reg_bulletins', bulletin_id, 'reg_bulletins:' || bulletin_id,
        'bulletin', b.person_id, s.org_unit_id, published_date, media_level, 1.0, null, null,
        false, 1.0, '简报《' || title || '》（' || media_level || '）'
    from {{ ref('stg_app__bulletins') }} b
    left join {{ ref('stg_office__staff') }} s using (person_id)

    union all
    -- Individual awards name a person; a collective award gives one fact to each member of
    -- the honoured unit (the spec decides the collective factor).
    select
        'registry.award', 'app', 'reg_awards', award_id,
        'reg_awards:' || award_id || coalesce(':' || m.person_id, ''),
        'award', coalesce(a.person_id, m.person_id), coalesce(a.org_unit_id, s.org_unit_id),
        awarded_date, award_level, 1.0, null, event_key, a.is_collective, 1.0,
        case when a.is_collective then '集体荣誉：' else '个人荣誉：' end || title
            || '（' || award_level || '）'
    from {{ ref('stg_app__awards') }} a
    left join {{ ref('stg_office__staff') }} m
        on a.is_collective and a.person_id is null and m.org_unit_id = a.org_unit_id
    left join {{ ref('stg_office__staff') }} s on s.person_id = a.person_id

    union all
    select
        'registry.publicity', 'app', 'reg_publicity', report_id, 'reg_publicity:' || report_id,
        'publicity', p.person_id, s.org_unit_id, published_date, media_level, 1.0, null, null,
        false, 1.0, '宣传报道：' || outlet || '（' || media_level || '）'
    from {{ ref('stg_app__publicity') }} p
    left join {{ ref('stg_office__staff') }} s using (person_id)

    union all
    select
        'registry.research', 'app', 'reg_research', paper_id, 'reg_research:' || paper_id,
        'research', r.person_id, s.org_unit_id, published_date, journal_level, 1.0, null, null,
        false, 1.0 / co_authors,
        '调研文章《' || title || '》（' || journal_level || '，' || co_authors || ' 位作者）'
    from {{ ref('stg_app__research') }} r
    left join {{ ref('stg_office__staff') }} s using (person_id)

    union all
    select
        'registry.discipline', 'app', 'reg_discipline', record_id, 'reg_discipline:' || record_id,
        sanction_type, d.person_id, s.org_unit_id, start_date, null, 1.0, null, null, false, 1.0,
        '惩戒：' || description
    from {{ ref('stg_app__discipline') }} d
    left join {{ ref('stg_office__staff') }} s using (person_id)

    union all
    -- Only entries approved by a reviewer other than the entrant are ever scored.
    select
        'manual.entry', 'app', 'manual_entries', entry_id, 'manual_entries:' || entry_id,
        item, e.person_id, s.org_unit_id, entry_date, null, 1.0, value, null, false, 1.0,
        '补录（已审核）：' || description || ' ' || value || ' 分'
    from {{ ref('stg_app__manual_entries') }} e
    left join {{ ref('stg_office__staff') }} s using (person_id)
    where review_status = 'approved' and reviewed_by is not null and reviewed_by <> entered_by

    union all
    select
        'ratings.rating', 'app', 'ratings', rating_id, 'ratings:' || rating_id,
        rater_level, ratee_id, s.org_unit_id, {{ quarter_end('period_id') }}, null, 1.0, score,
        null, false, 1.0,
        case rater_level when 'leader' then '领导测评 ' else '群众测评 ' end || score || ' 分'
    from {{ ref('stg_app__ratings') }} r
    left join {{ ref('stg_office__staff') }} s on s.person_id = r.ratee_id
    where score is not null  -- an abstention is not a rating
)

select * from unioned

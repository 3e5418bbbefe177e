-- Dirty source rows: each is reported, and the message says how it was scored.
with staff as (select person_id from {{ ref('stg_office__staff') }}),

unknown_person as (
    select 'unknown_person' as check_name, u.source_table, u.source_key, 'error' as severity,
           u.person_id,
           '记录指向不存在的人员 ' || coalesce(u.person_id, '(空)') || '：未计分，请登记部门核对人员编号'
               as message_zh,
           'record names unknown person ' || coalesce(u.person_id, '(none)')
               || ': not scored; the keeping office should correct the person id' as message_en
    from {{ ref('int_activity_unioned') }} u
    left join staff s using (person_id)
    where s.person_id is null
),

duplicate_attendance as (
    select 'duplicate_attendance', 'attendance', a.record_id, 'warning', a.person_id,
           a.person_id || ' 在 ' || a.work_date || ' 的考勤记录重复：按先录入的 ' || k.record_id
               || ' 计分，此条不计',
           'attendance of ' || a.person_id || ' on ' || a.work_date || ' recorded twice: scored by '
               || k.record_id || ', this one ignored'
    from {{ ref('stg_office__attendance') }} a
    join {{ ref('int_attendance_deduplicated') }} k using (person_id, work_date)
    where a.record_id <> k.record_id
),

award_multi_level as (
    select 'award_multiple_levels', 'reg_awards', string_agg(award_id, ',' order by award_id),
           'info', any_value(person_id),
           '同一表彰事项 ' || event_key || ' 登记了 ' || count(*) || ' 个级别：按最高级别计一次',
           'award event ' || event_key || ' recorded at ' || count(*)
               || ' levels: counted once at the highest'
    from {{ ref('stg_app__awards') }}
    group by event_key, coalesce(person_id, org_unit_id)
    having count(distinct award_level) > 1
),

pending_entry as (
    select 'manual_entry_not_approved', 'manual_entries', entry_id,
           case when review_status = 'rejected' then 'info' else 'warning' end,
           person_id,
           person_id || ' 的补录数据“' || description || '”（' || value || ' 分）'
               || case when review_status = 'pending' then '尚未审核：审核通过前不计分'
                       when review_status = 'rejected' then '审核未通过：不计分'
                       else '由录入人自己审核：不计分，须由他人审核' end,
           'manual entry ' || entry_id || ' for ' || person_id
               || case when review_status = 'pending' then ' awaits review: not scored yet'
                       when review_status = 'rejected' then ' was rejected: not scored'
                       else ' was reviewed by its entrant: not scored' end
    from {{ ref('stg_app__manual_entries') }}
    where review_status <> 'approved' or reviewed_by is null or reviewed_by = entered_by
)

select * from unknown_person
union all select * from duplicate_attendance
union all select * from award_multi_level
union all select * from pending_entry

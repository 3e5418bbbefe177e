-- Dirty source rows: each is reported, and the message says how it was scored. Each rule
-- is computed once, as a flag beside the rows it judges (is_known_person, is_duplicate,
-- is_scoreable); the scoring side filters on the same flag.
with

unknown_person as (
    select
        'unknown_person' as check_name,
        source_table,
        source_key,
        'error' as severity,
        person_id,
        '记录指向不存在的人员 ' || coalesce(person_id, '(空)')
        || '：未计分，请登记部门核对人员编号' as message_zh,
        'record names unknown person ' || coalesce(person_id, '(none)')
        || ': not scored; the keeping office should correct the person id' as message_en
    from {{ ref('int_activity_facts') }}
    where not is_known_person
),

duplicate_attendance as (
    select
        'duplicate_attendance' as check_name,
        'attendance' as source_table,
        record_id as source_key,
        'warning' as severity,
        person_id,
        person_id || ' 在 ' || work_date || ' 的考勤记录重复：按先录入的 ' || kept_record_id
        || ' 计分，此条不计' as message_zh,
        'attendance of ' || person_id || ' on ' || work_date || ' recorded twice: scored by '
        || kept_record_id || ', this one ignored' as message_en
    from {{ ref('int_attendance_checked') }}
    where is_duplicate
),

award_multi_level as (
    select
        'award_multiple_levels' as check_name,
        'reg_awards' as source_table,
        string_agg(award_id, ',' order by award_id) as source_key,
        'info' as severity,
        any_value(person_id) as person_id,
        '同一表彰事项 ' || event_key || ' 登记了 ' || count(*)
        || ' 个级别：按最高级别计一次' as message_zh,
        'award event ' || event_key || ' recorded at ' || count(*)
        || ' levels: counted once at the highest' as message_en
    from {{ ref('stg_app__awards') }}
    group by event_key, coalesce(person_id, org_unit_id)
    having count(distinct award_level) > 1
),

unscored_entry as (
    select
        'manual_entry_not_approved' as check_name,
        'manual_entries' as source_table,
        entry_id as source_key,
        case when not_scored_reason = 'rejected' then 'info' else 'warning' end as severity,
        person_id,
        person_id || ' 的补录数据“' || description || '”（' || value || ' 分）'
        || case not_scored_reason
            when 'pending' then '尚未审核：审核通过前不计分'
            when 'rejected' then '审核未通过：不计分'
            when 'unrecorded_reviewer' then '未登记审核人或录入人：不计分，须由他人审核'
            else '由录入人自己审核：不计分，须由他人审核'
        end as message_zh,
        'manual entry ' || entry_id || ' for ' || person_id
        || case not_scored_reason
            when 'pending' then ' awaits review: not scored yet'
            when 'rejected' then ' was rejected: not scored'
            when 'unrecorded_reviewer' then ' has no recorded reviewer or entrant: not scored'
            else ' was reviewed by its entrant: not scored'
        end as message_en
    from {{ ref('int_manual_entries_checked') }}
    where not is_scoreable
)

select * from unknown_person
union all by name
select * from duplicate_attendance
union all by name
select * from award_multi_level
union all by name
select * from unscored_entry

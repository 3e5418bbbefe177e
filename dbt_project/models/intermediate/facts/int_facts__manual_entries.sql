-- Manual entries (补录数据): only those int_manual_entries_checked finds scoreable, i.e.
-- approved by a reviewer other than the entrant. The item is the kind, the points the value.
select
    'manual_entries:' || entry_id as activity_id,
    'app' as source_system,
    'manual_entries' as source_table,
    entry_id as source_key,
    'manual.entry' as source,
    item as kind,
    person_id,
    entry_date as activity_date,
    value,
    '补录（已审核）：' || description || ' ' || value || ' 分' as detail
from {{ ref('int_manual_entries_checked') }}
where is_scoreable

select
    md5(check_name || '|' || source_table || '|' || source_key) as finding_id,
    check_name,
    source_table,
    source_key,
    severity,
    message_zh,
    message_en
from {{ ref('int_data_quality_findings') }}
order by severity, check_name, source_key

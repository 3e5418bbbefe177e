select
    md5(f.check_name || '|' || f.source_table || '|' || f.source_key) as finding_id,
    f.check_name,
    f.source_table,
    f.source_key,
    f.severity,
    f.message_zh,
    f.message_en,
    f.person_id,
    p.procuratorate_id  -- NULL when the person is unknown: shown to every procuratorate
from {{ ref('int_data_quality_findings') }} f
left join {{ ref('dim_person') }} p using (person_id)
order by f.severity, f.check_name, f.source_key

select
    md5(findings.check_name || '|' || findings.source_table || '|' || findings.source_key)
        as finding_id,
    findings.check_name,
    findings.source_table,
    findings.source_key,
    findings.severity,
    findings.message_zh,
    findings.message_en,
    findings.person_id,
    people.procuratorate_id  -- NULL when the person is unknown: shown to every procuratorate
from (
    -- dirty source rows, then the specs' warnings against the data
    select * from {{ ref('int_data_quality_findings') }}
    union all by name
    select * from {{ ref('int_spec_findings') }}
) as findings
left join {{ ref('dim_person') }} as people
    on findings.person_id = people.person_id
order by findings.severity, findings.check_name, findings.source_key

-- 办公系统 documents handled; the document type is the level.
select
    'documents:' || doc_id as activity_id,
    'office' as source_system,
    'documents' as source_table,
    doc_id as source_key,
    'office.document' as source,
    'document' as kind,
    person_id,
    handled_date as activity_date,
    doc_type as level,
    doc_type || '：' || title as detail
from {{ ref('stg_office__documents') }}

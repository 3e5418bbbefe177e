-- Registry of research papers (理论调研, kept by 政研室); each author gets 1 / authors.
with

papers as (
    select * from {{ ref('stg_app__research') }}
),

kinds as (
    select kind_label
    from {{ ref('fact_kinds') }}
    where source = 'registry.research' and kind = 'research'
)

select
    'reg_research:' || papers.paper_id as activity_id,
    'app' as source_system,
    'reg_research' as source_table,
    papers.paper_id as source_key,
    'registry.research' as source,
    'research' as kind,
    papers.person_id,
    papers.published_date as activity_date,
    papers.journal_level as level,
    1.0 / papers.co_authors as share,
    kinds.kind_label || '《' || papers.title || '》（' || papers.journal_level || '，'
    || papers.co_authors || ' 位作者）' as detail
from papers
left join kinds on true

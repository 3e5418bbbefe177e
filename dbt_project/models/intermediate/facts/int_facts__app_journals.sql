-- Weekly work journals written and reviewed in the product (工作日志 page, `kpi journal`):
-- the self score and each reviewer's score are journal_score facts at their level (self,
-- section_chief, supervising_leader, department_head), dated at the week's Monday; an
-- excused week is a journal_excused fact. The reviewed-hierarchy rule takes the highest
-- level that scored as final. A week excused but not back-filled has no score.
with

journals as (
    select * from {{ ref('stg_app__journals') }}
),

reviews as (
    select * from {{ ref('stg_app__journal_reviews') }}
),

kinds as (
    select
        kind,
        kind_label
    from {{ ref('fact_kinds') }}
    where source = 'office.journal'
),

scores as (
    select
        journal_id || ':self' as source_key,
        'kpi_journal' as source_table,
        person_id,
        week_start,
        'self' as level,
        self_score as value
    from journals
    where self_score is not null
    union all
    select
        reviews.journal_id || ':' || reviews.level as source_key,
        'kpi_journal_review' as source_table,
        journals.person_id,
        journals.week_start,
        reviews.level,
        reviews.score as value
    from reviews
    inner join journals on reviews.journal_id = journals.journal_id
    where journals.self_score is not null
),

facts as (
    select
        source_key,
        source_table,
        person_id,
        week_start,
        level,
        value,
        'journal_score' as kind
    from scores
    union all
    select
        journal_id || ':excused' as source_key,
        'kpi_journal' as source_table,
        person_id,
        week_start,
        excuse as level,
        null::double as value,
        'journal_excused' as kind
    from journals
    where excuse is not null
)

select
    'app_journals:' || facts.source_key as activity_id,
    'app' as source_system,
    facts.source_table,
    facts.source_key,
    'office.journal' as source,
    facts.kind,
    facts.person_id,
    facts.week_start as activity_date,
    facts.level,
    facts.value,
    kinds.kind_label || ' ' || facts.week_start || '（' || facts.level || '）'
    || coalesce(' ' || facts.value || ' 分', '') as detail
from facts
left join kinds on facts.kind = kinds.kind

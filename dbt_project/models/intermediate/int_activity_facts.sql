-- Every scoreable source record as one conformed activity fact: the int_facts__* models,
-- one per source, combined by column name (fct_activity.yml describes the columns). A
-- column that a source does not carry is NULL, except for these defaults, set here once:
-- quantity 1 (one record), share 1 (the whole of it), not collective, and the org unit of
-- the person's department when the record names none. is_known_person flags the rule
-- "a fact must name a person on the staff": fct_activity keeps the known ones,
-- int_data_quality_findings reports the rest.
{%- set fact_models = [
    'int_facts__cases',
    'int_facts__case_events',
    'int_facts__attendance',
    'int_facts__study_attendance',
    'int_facts__work_journals',
    'int_facts__documents',
    'int_facts__bulletins',
    'int_facts__awards',
    'int_facts__publicity',
    'int_facts__research',
    'int_facts__discipline',
    'int_facts__manual_entries',
    'int_facts__ratings',
    'int_facts__unit_appraisals',
    'int_facts__app_journals',
] %}

with

facts as (
    {%- for fact_model in fact_models %}
        select * from {{ ref(fact_model) }}
        {%- if not loop.last %}
            union all by name
        {%- endif %}
    {%- endfor %}
),

staff as (
    select
        person_id,
        org_unit_id
    from {{ ref('stg_office__staff') }}
),

kinds as (
    select
        source,
        kind,
        kind_label
    from {{ ref('fact_kinds') }}
)

select
    facts.activity_id,
    facts.source_system,
    facts.source_table,
    facts.source_key,
    facts.source,
    facts.kind,
    facts.person_id,
    coalesce(facts.org_unit_id, staff.org_unit_id) as org_unit_id,
    facts.activity_date,
    facts.level,
    1.0::double as quantity,  -- no source carries a quantity yet: every record counts once
    facts.value,
    facts.event_key,
    coalesce(facts.is_collective, false) as is_collective,
    coalesce(facts.share, 1.0) as share,
    facts.detail,
    kinds.kind_label,
    staff.person_id is not null as is_known_person
from facts
left join staff on facts.person_id = staff.person_id
left join kinds on facts.source = kinds.source and facts.kind = kinds.kind

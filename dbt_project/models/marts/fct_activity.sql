-- The conformed facts that name a known person, with their quarter. Sorted by kind first:
-- every indicator of every spec reads the facts of a few kinds, and DuckDB's zone maps then
-- skip the other kinds' row groups (scoring and evidence of the province 3x faster than with
-- the facts sorted by person); within a kind, by person, so one person's records of a kind
-- lie in one or two row groups. activity_id makes the order total (two builds, one order).
with

facts as (
    select * from {{ ref('int_activity_facts') }}
    where is_known_person
),

quarters as (
    select
        period_id,
        year,
        quarter,
        start_date,
        end_date
    from {{ ref('dim_period') }}
    where period_type = 'quarter'
)

select
    facts.activity_id,
    facts.source_system,
    facts.source_table,
    facts.source_key,
    facts.source,
    facts.kind,
    facts.person_id,
    facts.org_unit_id,
    facts.activity_date,
    quarters.period_id,
    facts.level,
    facts.quantity,
    facts.value,
    facts.event_key,
    facts.is_collective,
    facts.share,
    facts.detail,
    facts.kind_label
from facts
-- A quarter is a calendar quarter (kpi_warehouse.scoring.periods): joined on its year and
-- number, a hash join, instead of by the date range alone, which DuckDB answers with a
-- merge join that first sorts the 9.6 M facts by date (a third of the model's time on the
-- province; the rows are the same).
left join quarters
    on
        year(facts.activity_date) = quarters.year
        and quarter(facts.activity_date) = quarters.quarter
        and facts.activity_date between quarters.start_date and quarters.end_date
order by facts.kind, facts.person_id, facts.activity_date, facts.activity_id

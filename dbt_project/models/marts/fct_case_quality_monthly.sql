-- SPP case-quality indicators (案件质量主要评价指标, DIGEST §F) per month, for each
-- prosecutor (person), department (org_unit) and procuratorate: numerator, denominator and
-- rate. A rate of a department or procuratorate is its summed numerator over its summed
-- denominator (not a mean of its people's rates). Only rows with a denominator are kept.
with

counts as (
    select * from {{ ref('int_case_quality_person_month') }}
),

org_units as (
    select
        org_unit_id,
        dept_key
    from {{ ref('dim_org_unit') }}
),

by_level as (
    select
        'person' as subject_level,
        counts.person_id as subject_id,
        counts.procuratorate_id,
        counts.org_unit_id,
        counts.person_id,
        counts.month_start,
        sum(counts.cases_in_hand) as cases_in_hand,
        sum(counts.cases_closed) as cases_closed,
        sum(counts.procedure_steps) as procedure_steps,
        sum(counts.overdue_closed) as overdue_closed,
        sum(counts.arrest_reviews_closed) as arrest_reviews_closed,
        sum(counts.not_arrested) as not_arrested,
        sum(counts.prosecution_reviews_closed) as prosecution_reviews_closed,
        sum(counts.not_prosecuted) as not_prosecuted,
        sum(counts.plea_leniency) as plea_leniency,
        sum(counts.returned_once) as returned_once,
        sum(counts.returned_twice) as returned_twice
    from counts
    group by all

    union all

    select
        'org_unit' as subject_level,
        counts.org_unit_id as subject_id,
        counts.procuratorate_id,
        counts.org_unit_id,
        null as person_id,
        counts.month_start,
        sum(counts.cases_in_hand) as cases_in_hand,
        sum(counts.cases_closed) as cases_closed,
        sum(counts.procedure_steps) as procedure_steps,
        sum(counts.overdue_closed) as overdue_closed,
        sum(counts.arrest_reviews_closed) as arrest_reviews_closed,
        sum(counts.not_arrested) as not_arrested,
        sum(counts.prosecution_reviews_closed) as prosecution_reviews_closed,
        sum(counts.not_prosecuted) as not_prosecuted,
        sum(counts.plea_leniency) as plea_leniency,
        sum(counts.returned_once) as returned_once,
        sum(counts.returned_twice) as returned_twice
    from counts
    group by all

    union all

    select
        'procuratorate' as subject_level,
        counts.procuratorate_id as subject_id,
        counts.procuratorate_id,
        null as org_unit_id,
        null as person_id,
        counts.month_start,
        sum(counts.cases_in_hand) as cases_in_hand,
        sum(counts.cases_closed) as cases_closed,
        sum(counts.procedure_steps) as procedure_steps,
        sum(counts.overdue_closed) as overdue_closed,
        sum(counts.arrest_reviews_closed) as arrest_reviews_closed,
        sum(counts.not_arrested) as not_arrested,
        sum(counts.prosecution_reviews_closed) as prosecution_reviews_closed,
        sum(counts.not_prosecuted) as not_prosecuted,
        sum(counts.plea_leniency) as plea_leniency,
        sum(counts.returned_once) as returned_once,
        sum(counts.returned_twice) as returned_twice
    from counts
    group by all
),

indicators as (
    select
        t.sort_order,
        t.indicator_id,
        t.indicator_name
    from (
        values
        (1, 'case_procedure_ratio', '案-件比（件÷案）'),
        (2, 'closure_rate', '审结率'),
        (3, 'overdue_rate', '超期率'),
        (4, 'non_arrest_rate', '不捕率'),
        (5, 'non_prosecution_rate', '不诉率'),
        (6, 'plea_leniency_rate', '认罪认罚从宽制度适用率'),
        (7, 'return_rate', '退回补充侦查率'),
        (8, 'second_return_rate', '二次退查率')
    ) as t (sort_order, indicator_id, indicator_name)
),

long as (
    select
        by_level.*,
        indicators.sort_order,
        indicators.indicator_id,
        indicators.indicator_name,
        case indicators.indicator_id
            when 'case_procedure_ratio' then by_level.procedure_steps
            when 'closure_rate' then by_level.cases_closed
            when 'overdue_rate' then by_level.overdue_closed
            when 'non_arrest_rate' then by_level.not_arrested
            when 'non_prosecution_rate' then by_level.not_prosecuted
            when 'plea_leniency_rate' then by_level.plea_leniency
            when 'return_rate' then by_level.returned_once
            when 'second_return_rate' then by_level.returned_twice
        end as numerator,
        case indicators.indicator_id
            when 'case_procedure_ratio' then by_level.cases_closed
            when 'closure_rate' then by_level.cases_in_hand
            when 'overdue_rate' then by_level.cases_closed
            when 'non_arrest_rate' then by_level.arrest_reviews_closed
            else by_level.prosecution_reviews_closed
        end as denominator
    from by_level
    cross join indicators
)

select
    long.subject_level,
    long.subject_id,
    long.procuratorate_id,
    long.org_unit_id,
    org_units.dept_key,
    long.person_id,
    long.month_start,
    strftime(long.month_start, '%Y-%m') as month_id,
    cast(year(long.month_start) as varchar) || 'Q' || cast(quarter(long.month_start) as varchar)
        as quarter_id,
    long.indicator_id,
    long.indicator_name,
    cast(long.numerator as bigint) as numerator,
    cast(long.denominator as bigint) as denominator,
    cast(long.numerator as double) / long.denominator as rate,
    long.sort_order
from long
left join org_units on long.org_unit_id = org_units.org_unit_id
where long.denominator > 0
order by long.subject_level, long.subject_id, long.month_start, long.sort_order

-- 绩效挖掘: rater leniency and consistency, aggregated by procuratorate, period and rater
-- level — never a single rater's ballot. A rating's deviation is its score minus the mean of
-- the other raters of the same ratee in the period; a rater's leniency is the mean deviation
-- of their ratings. Groups with fewer than 3 raters are suppressed (metrics NULL).
with

ratings as (
    select
        rating_id,
        period_id,
        ratee_id,
        rater_id,
        rater_level,
        score
    from {{ ref('stg_app__ratings') }}
),

scored as (
    select
        *,
        count(score) over (partition by period_id, ratee_id) as ratee_ratings,
        sum(score) over (partition by period_id, ratee_id) as ratee_score_sum
    from ratings
    where score is not null
),

deviations as (
    select
        period_id,
        rater_id,
        rater_level,
        score,
        case
            when ratee_ratings > 1
                then score - (ratee_score_sum - score) / (ratee_ratings - 1)
        end as deviation
    from scored
),

per_rater as (
    select
        deviations.period_id,
        people.procuratorate_id,
        deviations.rater_level,
        deviations.rater_id,
        count(*) as ratings,
        avg(deviations.score) as mean_score,
        avg(deviations.deviation) as leniency,
        avg(abs(deviations.deviation)) as mean_abs_deviation
    from deviations
    left join {{ ref('dim_person') }} as people on deviations.rater_id = people.person_id
    group by all
),

abstentions as (
    select
        ratings.period_id,
        people.procuratorate_id,
        ratings.rater_level,
        count(*) as ballots,
        count(*) filter (where ratings.score is null) as abstentions
    from ratings
    left join {{ ref('dim_person') }} as people on ratings.rater_id = people.person_id
    group by all
),

grouped as (
    select
        period_id,
        procuratorate_id,
        rater_level,
        count(*) as raters,
        cast(sum(ratings) as bigint) as ratings,
        avg(mean_score) as mean_score,
        avg(leniency) as mean_leniency,
        stddev_pop(leniency) as leniency_spread,
        avg(mean_abs_deviation) as mean_abs_deviation
    from per_rater
    group by all
)

select
    grouped.period_id,
    grouped.procuratorate_id,
    grouped.rater_level,
    grouped.raters,
    grouped.raters < 3 as is_suppressed,
    case when grouped.raters >= 3 then grouped.ratings end as ratings,
    case when grouped.raters >= 3 then abstentions.abstentions end as abstentions,
    case when grouped.raters >= 3 then grouped.mean_score end as mean_score,
    case when grouped.raters >= 3 then grouped.mean_leniency end as mean_leniency,
    case when grouped.raters >= 3 then grouped.leniency_spread end as leniency_spread,
    case when grouped.raters >= 3 then grouped.mean_abs_deviation end as mean_abs_deviation
from grouped
left join abstentions
    on
        grouped.period_id = abstentions.period_id
        and grouped.procuratorate_id is not distinct from abstentions.procuratorate_id
        and grouped.rater_level = abstentions.rater_level
order by grouped.period_id, grouped.procuratorate_id, grouped.rater_level

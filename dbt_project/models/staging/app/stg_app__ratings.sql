select
    cast(rating_id as varchar) as rating_id,
    cast(period_id as varchar) as period_id,
    cast(ratee_id as varchar) as ratee_id,
    cast(rater_id as varchar) as rater_id,
    cast(rater_level as varchar) as rater_level,
    cast(score as double) as score
from {{ source('app', 'ratings') }}

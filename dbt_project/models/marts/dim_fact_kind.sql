-- The fact-kind catalogue (seed fact_kinds), as published.
select
    source,
    kind,
    kind_label,
    seed_scheme_kind
from {{ ref('fact_kinds') }}

{#- Source systems store dates as ISO text; NULL and empty strings become NULL. -#}
{% macro iso_date(column) -%}
    cast(nullif(cast({{ column }} as varchar), '') as date)
{%- endmacro %}

{#- Last day of a quarter id like 2026Q3. -#}
{% macro quarter_end(period_id) -%}
    (make_date(cast(left({{ period_id }}, 4) as integer),
               cast(right({{ period_id }}, 1) as integer) * 3, 1)
     + interval 1 month - interval 1 day)::date
{%- endmacro %}

{#-
  Incremental by spec (pipelines/kpi_warehouse/spec_rebuild.py): after a change of the specs
  alone, `kpi build` names the specs whose versions changed in kpi_state.rescore_specs
  (spec_rebuild.RESCORE_TABLE) and runs dbt without --full-refresh; the models configured
  with `incremental_strategy: rescore_specs` then delete and recompute only these specs'
  rows. A model names how a row's spec is found: `spec_key` (a column holding the spec id)
  or `score_key` (a column holding an indicator_score_id). A full build runs with
  --full-refresh and the models are rebuilt whole.
-#}

{% macro rescore_specs_relation() -%}
    kpi_state.rescore_specs
{%- endmacro %}

{#- The spec of an indicator_score_id: its first part (kpi_warehouse.scoring.compiler
    composes spec_id|appraisee|period|indicator; a spec id holds no '|'). -#}
{% macro spec_of_score(score_id) -%}
    split_part({{ score_id }}, '|', 1)
{%- endmacro %}

{#- True for the rows of the specs this run rescores. -#}
{% macro is_rescored(spec) -%}
    {{ spec }} in (select rescored.spec_id from {{ rescore_specs_relation() }} as rescored)
{%- endmacro %}

{% macro get_incremental_rescore_specs_sql(arg_dict) -%}
    {%- set spec_key = config.get('spec_key') -%}
    {%- set spec = spec_key if spec_key else spec_of_score(config.require('score_key')) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }} where {{ is_rescored(spec) }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

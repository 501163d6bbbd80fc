{#
  When this dbt invocation started: every row a build loads carries it as loaded_at, so
  the models after it can tell this build's rows from earlier ones.
#}
{% macro this_build() -%}
'{{ run_started_at.isoformat() }}'::timestamptz
{%- endmacro %}

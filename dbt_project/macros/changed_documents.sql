{#
  What an incremental build changed, and rebuilding comparison marts only there.

  changed_documents(): the documents whose figures this build changed — loaded (new,
  edited, re-extracted: their fct_figures rows carry this build's loaded_at) or taken
  out (removed, replaced: dim_documents rewrote their row in this build).

  A comparison mart whose rows each depend only on the figures of one group (the
  columns `keys`: a series, a metric and period …) is incremental by group: a build
  rebuilds the groups that hold a figure of a changed document before or after it —
  the groups of those documents' figures in fct_figures now, and the groups of the
  mart's rows that cite them in `doc_columns` (a removed document's figures are no
  longer in fct_figures). Its two pre-hooks (group_rebuild_hooks) keep those groups in
  a temporary table and delete their rows; the model then selects the figures of those
  groups only (in_changed_groups) and its rows are appended. A full build selects every
  group. Rebuilding a group costs what the group holds, not what the warehouse holds.
#}

{% macro changed_documents() -%}
select doc_id from {{ ref('fct_figures') }} where loaded_at = {{ this_build() }}
union
select doc_id from {{ ref('dim_documents') }} where loaded_at = {{ this_build() }}
{%- endmacro %}

{% macro changed_groups() -%}
"{{ this.identifier }}__changed_groups"
{%- endmacro %}

{% macro same_group(keys, a, b) -%}
{%- for key in keys %}{{ a }}.{{ key }} is not distinct from {{ b }}.{{ key }}{% if not loop.last %} and {% endif %}{% endfor -%}
{%- endmacro %}

{# A mart's pre_hook config: remember the changed groups, then delete their rows. #}
{% macro group_rebuild_hooks(keys, doc_columns=['doc_id']) %}
{{ return([
    "{{ remember_changed_groups(" ~ keys ~ ", " ~ doc_columns ~ ") }}",
    "{{ forget_changed_groups(" ~ keys ~ ") }}",
]) }}
{% endmacro %}

{% macro remember_changed_groups(keys, doc_columns) %}
{%- if is_incremental() %}
create or replace temporary table {{ changed_groups() }} as
select {{ keys | join(', ') }} from {{ ref('fct_figures') }} where doc_id in ({{ changed_documents() }})
{%- for column in doc_columns %}
union
select {{ keys | join(', ') }} from {{ this }} where {{ column }} in ({{ changed_documents() }})
{%- endfor %}
{%- endif %}
{% endmacro %}

{% macro forget_changed_groups(keys) %}
{%- if is_incremental() %}
delete from {{ this }} as t using {{ changed_groups() }} as g where {{ same_group(keys, 't', 'g') }}
{%- endif %}
{% endmacro %}

{# A filter on a model's figures (alias `alias`): those of the changed groups. #}
{% macro in_changed_groups(keys, alias) -%}
{%- if is_incremental() -%}
exists (select 1 from {{ changed_groups() }} as g where {{ same_group(keys, alias, 'g') }})
{%- else -%}
true
{%- endif -%}
{%- endmacro %}

{#
  Before an incremental cmp_conflicts: keep a pair only while both its documents still
  have the figures an earlier build loaded (a document reloaded in this build, or gone
  from fct_figures, loses its pairs; the model then pairs what this build loaded).
#}
{% macro delete_conflicts_of_changed_documents() %}
{%- if is_incremental() %}
delete from {{ this }}
where doc_id_a not in (select doc_id from {{ ref('fct_figures') }} where loaded_at <> {{ this_build() }})
   or doc_id_b not in (select doc_id from {{ ref('fct_figures') }} where loaded_at <> {{ this_build() }})
{%- endif %}
{% endmacro %}

{#
  The documents an incremental build changed: those whose figures fct_figures loaded in
  this build (loaded_at is the build's start), and those whose figures it dropped.
#}
{% macro delete_conflicts_of_changed_documents() %}
{%- if is_incremental() %}
delete from {{ this }}
where doc_id_a in (select doc_id from {{ ref('fct_figures') }} where loaded_at = '{{ run_started_at.isoformat() }}'::timestamptz)
   or doc_id_b in (select doc_id from {{ ref('fct_figures') }} where loaded_at = '{{ run_started_at.isoformat() }}'::timestamptz)
   or doc_id_a not in (select doc_id from {{ ref('fct_figures') }})
   or doc_id_b not in (select doc_id from {{ ref('fct_figures') }})
{%- endif %}
{% endmacro %}

{#
  The order that puts the most recent statement of a figure first: the latest year it
  holds for; within one document an undated statement (截至目前, "as of publication")
  before dated ones; then the most recently ingested document; then the first
  statement in the document (documents give the headline figure before breakdowns).
#}
{% macro latest_first(prefix='') -%}
{{ prefix }}as_of_year desc nulls last,
({{ prefix }}period is null) desc,
{{ prefix }}doc_ingested_at desc,
{{ prefix }}"start"
{%- endmacro %}

{{
    config(
        materialized='incremental',
        unique_key='conflict_id',
        incremental_strategy='append',
        pre_hook="{{ delete_conflicts_of_changed_documents() }}",
    )
}}
-- Pairs of figures that state the same thing with different values: same region,
-- metric, measure, unit, kind, period, area and subject, from two documents or twice
-- in one. Undated figures are only compared within one document (two documents'
-- "currently" need not be the same year). Both sources side by side.
--
-- Incremental: a build only pairs the figures it loaded (fct_figures.loaded_at is this
-- build) with all others, after the pre-hook dropped the pairs of documents whose
-- figures were reloaded or left the warehouse. Pairing everything again would grow with
-- the square of the figures per region and metric (2 M pairs at 10,000 documents).
{%- set joined_on %}
    on b.region = a.region
   and b.metric = a.metric
   and b.measure = a.measure
   and b.unit = a.unit
   and b.kind = a.kind
   and b.period is not distinct from a.period
   and b.area is not distinct from a.area
   and b.subject = a.subject
   and (a.doc_id < b.doc_id or (a.doc_id = b.doc_id and a."start" < b."start"))
where (a."value" <> b."value" or a.value_high is distinct from b.value_high)
  and (a.period is not null or a.doc_id = b.doc_id)
{%- endset %}
{%- set pair_columns %}
select
    md5(a.figure_id || ':' || b.figure_id) as conflict_id,
    a.region,
    a.region_code,
    a.metric,
    a.measure,
    a.unit,
    a.kind,
    a.period,
    a.area,
    a.subject,
    a.doc_id = b.doc_id                  as same_document,
    a."value"                            as value_a,
    b."value"                            as value_b,
    abs(a."value" - b."value") / nullif(greatest(abs(a."value"), abs(b."value")), 0) as relative_difference,
    a.figure_id                          as figure_id_a,
    a."text"                             as text_a,
    a.qualifier                          as qualifier_a,
    a.doc_id                             as doc_id_a,
    a."start"                            as start_a,
    a."end"                              as end_a,
    a.sentence                           as sentence_a,
    b.figure_id                          as figure_id_b,
    b."text"                             as text_b,
    b.qualifier                          as qualifier_b,
    b.doc_id                             as doc_id_b,
    b."start"                            as start_b,
    b."end"                              as end_b,
    b.sentence                           as sentence_b
{%- endset %}

with figures as (
    select * from {{ ref('fct_figures') }} where region is not null
){% if is_incremental() %},

loaded as (
    select * from figures where loaded_at = {{ this_build() }}
),

earlier as (
    select * from figures where loaded_at <> {{ this_build() }}
)

-- each new pair once: a loaded figure first, or an earlier figure beside a loaded one
{{ pair_columns }}
from loaded as a
join figures as b {{ joined_on }}
union all
{{ pair_columns }}
from earlier as a
join loaded as b {{ joined_on }}
{% else %}

{{ pair_columns }}
from figures as a
join figures as b {{ joined_on }}
{% endif %}

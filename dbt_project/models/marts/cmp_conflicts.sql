{%- set group = series_identity() + ['unit', 'kind', 'period', 'subject'] %}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook=group_rebuild_hooks(group, doc_columns=['doc_id_a', 'doc_id_b']),
    )
}}
-- Figures that state the same thing with different values: the same series (indicator,
-- population, region, zone or area, and subject where it names a subset:
-- macros/indicators.sql), unit, kind, period and subject. Figures without an indicator
-- are not compared. Each statement that disagrees is shown (a) beside
-- the latest statement of the same thing (b, by latest_first: the newest document, then
-- the first statement in it). Undated figures are compared only within one document (two
-- documents' "currently" need not be the same year). Both sources side by side.
--
-- One row per disagreeing statement, not per pair of statements: n restatements give at
-- most n - 1 rows, where all pairs would grow with the square (2 M pairs at 10,000
-- synthetic documents, four fifths of the warehouse file). Incremental by the statement's
-- group (macros/changed_documents.sql).
-- depends_on: {{ ref('dim_documents') }}

with figures as (
    select * from {{ ref('fct_figures') }} as f where region is not null and indicator_id is not null and {{ in_changed_groups(group, 'f') }}
),

-- the latest statement of each thing (the window reads only the columns it orders by)
latest as (
    select
        figure_id,
        first_value(figure_id) over (
            partition by {{ group | join(', ') }}, case when period is null then doc_id end
            order by {{ latest_first() }}, doc_id
        ) as latest_id
    from figures
)

select
    md5(a.figure_id || ':' || b.figure_id) as conflict_id,
    a.region,
    a.region_code,
    a.indicator_id,
    a.population,
    a.place_area,
    a.series_subject,
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
    b.indicator_id                       as indicator_id_b,
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
from latest as l
join figures as a on a.figure_id = l.figure_id
join figures as b on b.figure_id = l.latest_id
where a.figure_id <> b.figure_id
  and (a."value" <> b."value" or a.value_high is distinct from b.value_high)

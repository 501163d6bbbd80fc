{%- set group = ['indicator_id'] %}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook=group_rebuild_hooks(group),
    )
}}
-- Each province-level unit's latest actual figure per indicator and population, for
-- the whole region (no zone or narrower area), in the unit most actual figures of that
-- indicator use, so that the bars of one chart share a unit. "Latest" is latest_first() (the
-- latest year it holds for, an undated statement before dated ones of its document,
-- the newest document, the first statement in it). One row per region × indicator ×
-- population, with its provenance: figure_id, doc_id and the source span (start, end),
-- and the text as written.
--
-- Built once per publish so that a page's chart reads a few dozen rows of this table
-- instead of choosing winners among a million figures on every view. A full build
-- stores it in the order the charts read it (indicator, population, value high to low).
--
-- Incremental by indicator (macros/changed_documents.sql): a row depends only on the
-- actuals of its indicator, the chart unit included.
-- depends_on: {{ ref('dim_documents') }}
with actuals as (
    select *
    from {{ ref('fct_figures') }} as f
    where kind = 'actual'
      and indicator_id is not null
      and population is not null
      and {{ in_changed_groups(group, 'f') }}
),

-- the unit of an indicator: the one most of its actual figures use, in any region or
-- area (ties: the first by name)
chart_units as (
    select indicator_id, unit
    from actuals
    where unit is not null
    group by indicator_id, unit
    qualify row_number() over (partition by indicator_id order by count(*) desc, unit) = 1
),

-- the winners are chosen on the columns the order needs, then read whole: a window over
-- whole figure rows cost half again as much (0.30 s against 0.19 s for every group at
-- 10,000 documents)
winners as (
    select a.figure_id
    from actuals as a
    join chart_units as u using (indicator_id, unit)
    where a.region is not null
      and a.region <> '全国'
      and a.place_area is null
    qualify row_number() over (
        partition by a.region, a.indicator_id, a.population
        order by {{ latest_first('a.') }}
    ) = 1
),

latest as (
    select a.* from actuals as a join winners using (figure_id)
)

select
    region,
    region_code,
    indicator_id,
    population,
    metric,
    measure,
    unit,
    "value",
    display_value,
    display_unit,
    "text",
    subject,
    period,
    as_of_year,
    figure_id,
    doc_id,
    "start",
    "end",
    sentence
from latest
order by indicator_id, population, display_value desc nulls last, region

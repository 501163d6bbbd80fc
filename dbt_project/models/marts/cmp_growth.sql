{%- set group = ['indicator_id', 'period'] %}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook=group_rebuild_hooks(group),
    )
}}
-- Growth rates (actual, in percent) by region × indicator × population × period, one
-- row per reported growth figure, with the national (全国) growth of the same indicator,
-- population and period beside it where one is reported: national-zone growth is never
-- set beside the growth of all zones or of the economy. `is_headline` marks the region's
-- headline growth for the indicator, population and period (region-wide, newest
-- document, first stated).
--
-- Incremental by indicator and period (macros/changed_documents.sql): a row depends only
-- on the growth figures of its indicator and period. A full build stores the rows by
-- indicator, so the app's growth chart of one indicator skips the others' rows;
-- incremental builds append the groups they rebuild.
-- depends_on: {{ ref('dim_documents') }}
with growth as (
    select
        *,
        row_number() over (
            partition by region, indicator_id, population, period
            order by (place_area is null) desc, {{ latest_first() }}
        ) = 1 as is_headline
    from {{ ref('fct_figures') }} as f
    where measure = 'growth'
      and kind = 'actual'
      and unit = 'percent'
      and region is not null
      and indicator_id is not null
      and {{ in_changed_groups(group, 'f') }}
),

national as (
    select * from growth where region = '全国' and is_headline
)

select
    g.figure_id,
    g.region,
    g.region_code,
    g.indicator_id,
    i.name_zh           as indicator_name_zh,
    i.name_en           as indicator_name_en,
    g.population,
    g.place_area,
    g.metric,
    m.label_zh          as metric_label_zh,
    m.label_en          as metric_label_en,
    g.period,
    g.subject,
    g.area,
    g."value"           as growth_pct,
    g.qualifier,
    g."text",
    g.is_headline,
    g.doc_id,
    g."start",
    g."end",
    n."value"           as national_growth_pct,
    g."value" - n."value" as gap_to_national_pp,
    n.subject           as national_subject,
    n.doc_id            as national_doc_id,
    n."start"           as national_start,
    n."end"             as national_end
from growth as g
left join {{ ref('dim_metrics') }} as m on m.metric = g.metric
left join {{ ref('indicators') }} as i on i.indicator_id = g.indicator_id
left join national as n
    on n.indicator_id = g.indicator_id
   and n.population = g.population
   and n.place_area is null
   and n.period = g.period
   and g.region <> '全国'
order by g.indicator_id, g.region, g.period

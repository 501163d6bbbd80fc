-- One row per region with its latest key figures side by side, like the provinces' own
-- 开发区考核评价 tables: zone counts, and the level and growth of revenue, tax revenue,
-- FDI and domestic investment. Values are in display units (亿元, 亿美元, %); each
-- figure keeps its period and figure_id (provenance in fct_figures). Like with like:
-- every column is one indicator of one population, all of a region's zones
-- (all_zones), so a province's national-zone FDI never stands in a column of all
-- zones' FDI.
{%- set metrics = ['revenue', 'tax_revenue', 'fdi', 'domestic_investment'] %}
with zones as (
    select * from {{ ref('cmp_zone_counts') }} where is_latest
),

-- only the metrics shown: the filter reaches into int_headline_figures' window, which
-- over every metric's actuals was 0.27 s of each build at 10,000 documents (0.10 s now)
headline as (
    select * from {{ ref('int_headline_figures') }}
    where population = 'all_zones'
      and indicator_id in ('{{ metrics | join("', '") }}'
          {%- for metric in metrics %}, '{{ metric }}_growth'{% endfor %})
),

scorecard as (
    select
        r.full_name             as region,
        r.code                  as region_code,
        r.short_name            as region_short_name,
        r.macro_region,
        z.total                 as zones_total,
        z.national              as zones_national,
        z.provincial            as zones_provincial,
        z.total_rank            as zones_total_rank,
        z.period                as zones_period,
        z.doc_id                as zones_doc_id,
        {%- for metric in metrics %}
        {{ metric }}.display_value          as {{ metric }},
        {{ metric }}.display_unit           as {{ metric }}_unit,
        {{ metric }}.period                 as {{ metric }}_period,
        {{ metric }}.figure_id              as {{ metric }}_figure_id,
        {{ metric }}_growth."value"         as {{ metric }}_growth_pct,
        {{ metric }}_growth.period          as {{ metric }}_growth_period,
        {{ metric }}_growth.figure_id       as {{ metric }}_growth_figure_id,
        {%- endfor %}
    from {{ ref('dim_regions') }} as r
    left join zones as z on z.region = r.full_name
    {%- for metric in metrics %}
    left join headline as {{ metric }}
        on {{ metric }}.region = r.full_name and {{ metric }}.indicator_id = '{{ metric }}'
    left join headline as {{ metric }}_growth
        on {{ metric }}_growth.region = r.full_name and {{ metric }}_growth.indicator_id = '{{ metric }}_growth'
    {%- endfor %}
)

select *
from scorecard
where coalesce(
    zones_total, zones_national, zones_provincial
    {%- for metric in metrics %}, {{ metric }}, {{ metric }}_growth_pct{% endfor %}
) is not null

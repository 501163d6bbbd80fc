{%- set identity = series_identity() %}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook=group_rebuild_hooks(identity),
    )
}}
-- The time series of every indicator: indicator × population × region (× zone or
-- narrower area) × year, one row per actual statement of a point, so that each point
-- keeps every source span and says which document won. The winner (`is_winner`) is the
-- latest statement by latest_first (an undated statement before dated ones of its
-- document, then the newest document, then the first statement in it); every row
-- carries the winner's value and whether it disagrees with it, and each point how many
-- statements and distinct values it has (`n_values` > 1: sources disagree). A chart
-- reads the winners; a profile page lists the rest as sources and conflicts.
--
-- The year is `as_of_year` (the period, or an undated figure's document year). Figures
-- without an indicator have no series. Incremental by series (macros/changed_documents.sql):
-- a point depends only on the figures of its series, and each row cites its own
-- document, so a removed document's rows are found and rebuilt.
-- depends_on: {{ ref('dim_documents') }}
with statements as (
    select *
    from {{ ref('fct_figures') }} as f
    where kind = 'actual'
      and indicator_id is not null
      and region is not null
      and as_of_year is not null
      and {{ in_changed_groups(identity, 'f') }}
),

ranked as (
    select
        *,
        first_value(figure_id) over point                          as winner_figure_id,
        row_number() over point = 1                                as is_winner,
        count(*) over (partition by {{ identity | join(', ') }}, unit, as_of_year) as n_statements,
        -- distinct values in a window: DuckDB has no count(distinct) over a window
        len(list_distinct(list("value") over (partition by {{ identity | join(', ') }}, unit, as_of_year)))
                                                                   as n_values
    from statements
    window point as (
        partition by {{ identity | join(', ') }}, unit, as_of_year
        order by {{ latest_first() }}, doc_id
    )
)

select
    r.indicator_id,
    i.name_zh                                  as indicator_name_zh,
    i.name_en                                  as indicator_name_en,
    r.population,
    r.region,
    r.region_code,
    r.place_area,
    r.zone_name,
    r.series_subject,
    r.as_of_year                               as "year",
    r.unit,
    r.display_unit,
    r."value",
    r.display_value,
    r.qualifier,
    r.is_winner,
    r.n_statements,
    r.n_values,
    w."value"                                  as winner_value,
    w.display_value                            as winner_display_value,
    r."value" <> w."value"                     as disagrees_with_winner,
    r.winner_figure_id,
    w.doc_id                                   as winner_doc_id,
    r.figure_id,
    r.doc_id,
    r."start",
    r."end",
    r."text",
    r.subject,
    r.period,
    r.sentence
from ranked as r
join statements as w on w.figure_id = r.winner_figure_id
left join {{ ref('indicators') }} as i on i.indicator_id = r.indicator_id
order by r.indicator_id, r.region, r.population, r.place_area, r.as_of_year, r.is_winner desc

{#
  A figure's indicator, population and zone: what it measures, of what, where.

  The rules live in seeds, so an analyst extends them with a CSV line:
  - seeds/indicators.csv: an indicator is a metric × measure × unit, narrowed by a
    regular expression over the figure's subject (its head noun: 高新技术企业, 产业链,
    亩均税收). Of the indicators a figure satisfies, the highest `priority` wins (a
    subject pattern beats the metric × measure default); a figure no row fits stays
    unmapped (`indicator_id` null, listed in `unmapped_subjects`), never guessed.
  - seeds/population_rules.csv: what the number is about (one named zone, national
    经开区 / 高新区 / 综保区, national, provincial or all zones, clusters of a level, the
    whole economy), the first rule by priority whose pattern matches the figure's
    `area`, `subject` or `sentence`, optionally for one metric only; a figure whose
    subject names no population takes all zones when its sentence speaks of zones
    (全省开发区实现营业收入…), else the whole economy of the place.
  - seeds/zone_aliases.csv and the short forms below: one name per zone
    (合肥经济技术开发区 = 合肥经开区, 苏州园区 = 苏州工业园区).

  map_indicators(figures) selects every column of `figures` (which must carry a unique
  figure_id) plus indicator_id, population, zone_name, place_area, series_subject and
  mapping_confidence. It is the only implementation of the mapping: fct_figures calls it,
  and `zonestats indicators --coverage` reads the fct_figures it builds.
#}

{# The short form of a zone's name: what documents most often write after the first mention. #}
{% macro zone_short_form(name) -%}
replace(replace(replace(replace({{ name }},
    '经济技术开发区', '经开区'),
    '高新技术产业开发区', '高新区'),
    '高新技术开发区', '高新区'),
    '综合保税区', '综保区')
{%- endmacro %}

{#
  The columns that say which series a figure belongs to: the same indicator of the
  same population in the same place (region, and the zone or narrower area), and for an
  indicator whose subject names its own subset (zones above a threshold, a ranking's
  members) the same subject. Every comparison mart keys on these.
#}
{% macro series_identity() -%}
{{ return(['indicator_id', 'population', 'region', 'place_area', 'series_subject']) }}
{%- endmacro %}

{% macro map_indicators(figures) %}
with indicator_matches as (
    select
        f.figure_id,
        i.indicator_id,
        i.subject_in_identity,
        i.population            as fixed_population,
        i.subject_pattern is not null as by_subject
    from {{ figures }} as f
    join {{ ref('indicators') }} as i
        on i.metric = f.metric
       and i.measure = f.measure
       and (i.unit is null or i.unit = f.unit)
       and (i.subject_pattern is null or regexp_matches(coalesce(f.subject, ''), i.subject_pattern))
    qualify row_number() over (partition by f.figure_id order by i.priority desc, i.indicator_id) = 1
),

population_matches as (
    select f.figure_id, r.population, r.confidence
    from {{ figures }} as f
    join {{ ref('population_rules') }} as r
        on (r.metric is null or r.metric = f.metric)
       and regexp_matches(
            coalesce(case r.field when 'area' then f.area when 'sentence' then f.sentence else f.subject end, ''),
            r.pattern)
    qualify row_number() over (partition by f.figure_id order by r.priority, r.population) = 1
),

mapped as (
    select
        f.*,
        i.indicator_id,
        coalesce(i.fixed_population, p.population)                       as population,
        case when coalesce(i.fixed_population, p.population) = 'zone'
             then coalesce(za.zone_name, {{ zone_short_form('f.area') }}) end as zone_name,
        case when i.subject_in_identity then f.subject end               as series_subject,
        case
            when i.indicator_id is null then null
            -- a head noun matched (or only the metric × measure default), times how sure
            -- the population rule is (one read from the sentence, not the subject, less)
            else (case when i.by_subject then 0.9 else 0.75 end)
               * (case when i.fixed_population is not null then 1.0 else coalesce(p.confidence, 1.0) end)
        end                                                              as mapping_confidence
    from {{ figures }} as f
    left join indicator_matches as i using (figure_id)
    left join population_matches as p using (figure_id)
    left join {{ ref('zone_aliases') }} as za
        on za.alias in (f.area, {{ zone_short_form('f.area') }})
)

select
    *,
    -- the narrower place of a series: the zone's one name, else the area as written
    coalesce(zone_name, area) as place_area
from mapped
{% endmacro %}

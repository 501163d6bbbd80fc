-- The zones the documents name as the place of a figure (population 'zone'), one row
-- per zone under its one name (macros/indicators.sql: short forms such as 经开区 for
-- 经济技术开发区, and seeds/zone_aliases.csv), with the names it is written under, its
-- level, type, city and province. seeds/zones.csv supplies what documents do not say;
-- otherwise the type comes from the name (zone_type(), macros/zone_classes.sql), the
-- province from the figures' region, and level and city stay null (`level_source`
-- says which).
with named as (
    select
        zone_name,
        area,
        region,
        doc_id
    from {{ ref('fct_figures') }}
    where zone_name is not null
),

zones as (
    select
        zone_name,
        list(distinct area order by area)          as names_written,
        mode(region)                               as region,
        count(*)                                   as figure_count,
        count(distinct doc_id)                     as document_count
    from named
    group by zone_name
),

aliases as (
    select zone_name, list(alias order by alias) as aliases
    from {{ ref('zone_aliases') }}
    group by zone_name
)

select
    z.zone_name,
    z.names_written,
    coalesce(a.aliases, []::varchar[])                                       as aliases,
    coalesce(s.level, case
        when z.zone_name like '%国家级%' then 'national'
        when z.zone_name like '%省级%' then 'provincial'
    end)                                                                     as level,
    case when s.level is not null then 'seed' else 'name' end               as level_source,
    coalesce(s.zone_type, nullif(
        {{ zone_type("regexp_extract(z.zone_name, '(" ~ zone_type_words() ~ "|综保)')") }},
    'all'))                                                                  as zone_type,
    s.city,
    coalesce(s.province, z.region)                                           as province,
    r.code                                                                   as province_code,
    z.figure_count,
    z.document_count
from zones as z
left join {{ ref('zones') }} as s using (zone_name)
left join aliases as a using (zone_name)
left join {{ ref('dim_regions') }} as r on r.full_name = coalesce(s.province, z.region)
order by province_code, z.zone_name

-- Zone counts per region as each source document states them for a period: total,
-- national and provincial zones, and by type where given, each with the span it came
-- from. A document that states national and provincial counts but no total gets
-- total = national + provincial (total_is_derived, no span). `is_latest` marks each
-- region's most recent statement that gives a total (else its most recent statement);
-- the ranks compare regions on those (全国 is not ranked).
{%- set classes = [
    ('total', 'all', 'all'),
    ('national', 'national', 'all'),
    ('provincial', 'provincial', 'all'),
    ('national_economic', 'national', 'economic'),
    ('national_high_tech', 'national', 'high_tech'),
    ('provincial_economic', 'provincial', 'economic'),
    ('provincial_high_tech', 'provincial', 'high_tech'),
    ('bonded', 'all', 'bonded'),
] %}
with classes as (
    select * from {{ ref('int_zone_counts') }}
),

stated as (
    select
        region,
        doc_id,
        period,
        any_value(as_of_year)       as as_of_year,
        any_value(doc_ingested_at)  as doc_ingested_at,
        min("start")                as "start",
        {%- for name, level, type in classes %}
        max(zone_count) filter (where zone_level = '{{ level }}' and zone_type = '{{ type }}') as {{ name }},
        max("start") filter (where zone_level = '{{ level }}' and zone_type = '{{ type }}')   as {{ name }}_start,
        max("end") filter (where zone_level = '{{ level }}' and zone_type = '{{ type }}')     as {{ name }}_end,
        {%- endfor %}
    from classes
    group by region, doc_id, period
),

statements as (
    select
        * replace (coalesce(total, national + provincial) as total)
    from stated
),

ranked as (
    select
        *,
        row_number() over (
            partition by region order by (total is not null) desc, {{ latest_first() }}
        ) = 1 as is_latest
    from statements
)

select
    md5(r.region || ':' || r.doc_id || ':' || coalesce(r.period, '')) as zone_count_id,
    r.region,
    g.code         as region_code,
    g.short_name   as region_short_name,
    g.macro_region,
    r.doc_id,
    r.period,
    r.as_of_year,
    {%- for name, level, type in classes %}
    r.{{ name }}, r.{{ name }}_start, r.{{ name }}_end,
    {%- endfor %}
    -- a document that gives national and provincial counts but no total
    r.total_start is null and r.total is not null as total_is_derived,
    r.is_latest,
    case when r.is_latest and r.region <> '全国' and r.total is not null
        then rank() over (partition by r.is_latest and r.region <> '全国' and r.total is not null order by r.total desc)
    end as total_rank,
    case when r.is_latest and r.region <> '全国' and r.national is not null
        then rank() over (partition by r.is_latest and r.region <> '全国' and r.national is not null order by r.national desc)
    end as national_rank
from ranked as r
left join {{ ref('dim_regions') }} as g on g.full_name = r.region

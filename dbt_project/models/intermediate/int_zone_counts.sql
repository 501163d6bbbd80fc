-- Zone counts by class: for each region, source document and period, the count of
-- each class of zones (level × type) the document states, with its span. Only actual
-- level counts whose subject names a whole class (see macros/zone_classes.sql); when a
-- document states a class twice for the same period, the first statement counts.
with counts as (
    select
        *,
        regexp_extract(subject, '{{ zone_class_pattern() }}', ['approval', 'level_word', 'type_word']) as parsed
    from {{ ref('fct_figures') }}
    where metric = 'zone_count'
      and measure = 'level'
      and kind = 'actual'
      and region is not null
      and area is null
      and regexp_full_match(subject, '{{ zone_class_pattern() }}')
)

select
    region,
    doc_id,
    period,
    as_of_year,
    doc_ingested_at,
    {{ zone_level('parsed.level_word') }} as zone_level,
    {{ zone_type('parsed.type_word') }}   as zone_type,
    "value"                              as zone_count,
    "start",
    "end",
    subject,
    figure_id
from counts
qualify row_number() over (
    partition by region, doc_id, period, zone_level, zone_type
    order by "start"
) = 1

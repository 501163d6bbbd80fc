{%- set identity = series_identity() %}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook=group_rebuild_hooks(identity, doc_columns=['target_doc_id', 'actual_doc_id']),
    )
}}
-- Every target (kind = target), restatements of the same target in one document folded
-- into one row, beside the latest actual of the same series (macros/indicators.sql:
-- the same indicator, population, region, zone or narrower area, and for an indicator
-- whose subject names its own subset, the same subject) that holds for a year before
-- the due year: the gap, and the compound annual growth the target requires,
-- (target / actual) ^ (1 / (due year - actual year)) - 1, in percent.
--
-- Like with like only: a target for new additions (zones_new) never meets the stock
-- (zones), a provincial target for all zones never meets national-zone figures, and a
-- target without an indicator meets nothing (`comparison` says why there is no actual).
--
-- Incremental by series (macros/changed_documents.sql): a target's row depends only on
-- the figures of its series.
-- depends_on: {{ ref('dim_documents') }}
with series_figures as (
    select * from {{ ref('fct_figures') }} as f where {{ in_changed_groups(identity, 'f') }}
),

targets as (
    select
        *,
        count(*) over restatement as n_mentions
    from series_figures
    where kind = 'target'
    window restatement as (
        partition by doc_id, {{ identity | join(', ') }}, metric, measure, unit, period, "value", value_high, qualifier
    )
    qualify row_number() over (
        partition by doc_id, {{ identity | join(', ') }}, metric, measure, unit, period, "value", value_high, qualifier
        order by "start"
    ) = 1
),

-- only figures with an indicator are compared: an unmapped figure has no series
actuals as (
    select * from series_figures where kind = 'actual' and indicator_id is not null
),

-- the candidates: of each series and year, only the first actual in latest_first order
-- can be the latest for any due year (the order sorts by year first). Pairing targets
-- with these, not with every actual, keeps the join small when many documents restate
-- the same series.
yearly_actuals as (
    select * from actuals
    qualify row_number() over (
        partition by {{ identity | join(', ') }}, unit, as_of_year order by {{ latest_first() }}
    ) = 1
),

paired as (
    select
        t.figure_id         as target_figure_id,
        a.figure_id         as actual_figure_id,
        row_number() over (
            partition by t.figure_id order by {{ latest_first('a.') }}
        ) as recency
    from targets as t
    join yearly_actuals as a
        on {{ same_group(identity, 'a', 't') }}
       and a.unit = t.unit
       and (t.period_year is null or a.as_of_year < t.period_year)
)

select
    t.figure_id         as target_id,
    t.indicator_id,
    i.name_zh           as indicator_name_zh,
    i.name_en           as indicator_name_en,
    t.population,
    t.region,
    t.region_code,
    t.area,
    t.zone_name,
    t.place_area,
    t.series_subject,
    t.metric,
    m.label_zh          as metric_label_zh,
    t.measure,
    t.unit,
    t.period            as due_year,
    t.subject,
    t."text"            as target_text,
    t."value"           as target_value,
    t.value_high        as target_value_high,
    t.qualifier         as target_qualifier,
    t.display_value     as target_display_value,
    t.display_unit,
    t.n_mentions,
    t.doc_id            as target_doc_id,
    t."start"           as target_start,
    t."end"             as target_end,
    case
        when t.indicator_id is null then 'no indicator'
        when a.figure_id is null then 'no comparable actual'
        else 'paired'
    end                 as comparison,
    a.indicator_id      as actual_indicator_id,
    a.population        as actual_population,
    a.figure_id         as actual_figure_id,
    a."value"           as actual_value,
    a.display_value     as actual_display_value,
    a.as_of_year        as actual_year,
    a.subject           as actual_subject,
    a."text"            as actual_text,
    a.doc_id            as actual_doc_id,
    a."start"           as actual_start,
    a."end"             as actual_end,
    t."value" - a."value"                 as gap,
    t.display_value - a.display_value     as gap_display,
    case
        when t.measure = 'level' and t."value" > 0 and a."value" > 0
         and t.period_year > a.as_of_year
        then (power(t."value" / a."value", 1.0 / (t.period_year - a.as_of_year)) - 1) * 100
    end as required_cagr_pct,
    -- the build that (re)built the row: a streaming validation checks only these
    {{ this_build() }}  as loaded_at
from targets as t
left join paired as p on p.target_figure_id = t.figure_id and p.recency = 1
left join actuals as a on a.figure_id = p.actual_figure_id
left join {{ ref('dim_metrics') }} as m on m.metric = t.metric
left join {{ ref('indicators') }} as i on i.indicator_id = t.indicator_id

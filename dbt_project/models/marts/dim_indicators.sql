-- The indicator catalogue (seeds/indicators.csv) as analysts read it: names in both
-- languages, the metric, measure and unit its figures carry, the subject words that
-- select it, its definition, and how many live figures it holds.
select
    i.indicator_id,
    i.name_zh,
    i.name_en,
    i.metric,
    m.label_zh          as metric_label_zh,
    i.measure,
    ms.label_zh         as measure_label_zh,
    i.unit,
    u.display_unit,
    i.subject_pattern,
    i.subject_in_identity,
    i.population        as fixed_population,
    i.definition,
    coalesce(f.figure_count, 0) as figure_count
from {{ ref('indicators') }} as i
left join {{ ref('dim_metrics') }} as m on m.metric = i.metric
left join {{ ref('dim_measures') }} as ms on ms.measure = i.measure
left join {{ ref('dim_units') }} as u on u.unit = i.unit
left join (
    select indicator_id, count(*) as figure_count from {{ ref('fct_figures') }} group by indicator_id
) as f using (indicator_id)

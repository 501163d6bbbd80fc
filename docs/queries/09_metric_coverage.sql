-- What do the documents measure? Figures per metric, actual vs target, and how many
-- regions and documents report each.
select
    m.label_zh                                       as metric,
    m.label_en                                       as metric_en,
    count(*) filter (where f.kind = 'actual')        as actual_figures,
    count(*) filter (where f.kind = 'target')        as target_figures,
    count(distinct f.region)                         as regions,
    count(distinct f.doc_id)                         as documents
from dim_metrics as m
join fct_figures as f using (metric)
group by m.label_zh, m.label_en
order by actual_figures + target_figures desc;

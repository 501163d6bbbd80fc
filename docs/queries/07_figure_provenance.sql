-- Every revenue or tax figure with its display value and the sentence it was read
-- from, to check a number against its source.
select
    f.region,
    m.label_zh                              as metric,
    f.measure,
    f.kind,
    f.period,
    f."text",
    round(f.display_value, 2)               as display_value,
    f.display_unit,
    d.file_name,
    f."start",
    f."end",
    f.sentence
from fct_figures as f
join dim_metrics as m using (metric)
join dim_documents as d using (doc_id)
where f.metric in ('revenue', 'tax_revenue')
order by f.region nulls last, f.metric, f.period;

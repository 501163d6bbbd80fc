-- Which level targets do the regions set, by when, and what annual growth would they
-- need from their latest reported figure?
select
    region,
    metric_label_zh          as metric,
    due_year,
    target_text,
    round(target_display_value, 2) as target,
    display_unit,
    target_qualifier,
    actual_text,
    actual_year,
    round(required_cagr_pct, 1)    as required_cagr_pct,
    target_doc_id,
    target_start,
    target_end
from cmp_targets
where measure = 'level'
  and metric not in ('threshold', 'other')
  and region is not null
order by region, due_year, metric;

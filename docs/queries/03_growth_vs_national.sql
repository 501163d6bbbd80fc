-- How fast did each region's zones grow, metric by metric, and how does that compare
-- with the national growth of the same metric and year?
select
    region,
    metric_label_zh       as metric,
    period,
    subject,
    growth_pct,
    national_growth_pct,
    gap_to_national_pp,
    doc_id,
    "start",
    "end"
from cmp_growth
where is_headline
order by metric, period desc nulls last, growth_pct desc;

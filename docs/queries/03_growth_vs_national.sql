-- How fast did each region's zones grow, indicator by indicator, and how does that
-- compare with the national growth of the same indicator, population and year?
select
    region,
    indicator_name_zh     as indicator,
    population,
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
order by indicator_id, population, period desc nulls last, growth_pct desc;

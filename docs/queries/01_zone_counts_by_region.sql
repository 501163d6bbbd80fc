-- Which regions have the most development zones, and how many are national or provincial?
-- (each region's latest statement, with the document and span it comes from)
select
    region,
    macro_region,
    total,
    national,
    provincial,
    total_rank,
    national_rank,
    coalesce(period, '(as of document)') as period,
    doc_id,
    total_start,
    total_end
from cmp_zone_counts
where is_latest and region <> '全国'
order by total_rank nulls last, region;

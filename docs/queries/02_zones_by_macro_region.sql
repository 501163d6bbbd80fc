-- How are development zones spread over the NBS macro-regions (东部/中部/西部/东北)?
select
    r.macro_region,
    count(z.region)              as regions_reporting,
    sum(z.total)                 as zones,
    sum(z.national)              as national_zones,
    round(100.0 * sum(z.national) / nullif(sum(z.total) filter (where z.national is not null), 0), 1)
                                 as national_share_pct
from dim_regions as r
left join cmp_zone_counts as z on z.region = r.full_name and z.is_latest
where r.level = 'province'
group by r.macro_region
order by zones desc nulls last;

-- Each region's headline actual figure per metric and measure: region-wide (no
-- narrower area), the latest statement by `latest_first` (latest year, then newest
-- document, then the first statement in it, which is where documents put headlines).
select *
from {{ ref('fct_figures') }}
where kind = 'actual'
  and region is not null
  and area is null
qualify row_number() over (
    partition by region, metric, measure
    order by {{ latest_first() }}
) = 1

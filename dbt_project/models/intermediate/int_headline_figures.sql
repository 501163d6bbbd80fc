-- Each region's headline actual figure per indicator and population: region-wide (no
-- zone or narrower area), the latest statement by `latest_first` (latest year, then
-- newest document, then the first statement in it, which is where documents put
-- headlines).
select *
from {{ ref('fct_figures') }}
where kind = 'actual'
  and region is not null
  and indicator_id is not null
  and place_area is null
qualify row_number() over (
    partition by region, indicator_id, population
    order by {{ latest_first() }}
) = 1

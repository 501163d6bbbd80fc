-- Every period the live figures state (the year a figure holds for, or a target's due
-- year), with how many figures state it. The Figures page's year filter reads these few
-- rows instead of a DISTINCT over every figure on each view.
select
    period,
    try_cast(period as integer)     as period_year,
    count(*)                        as figures
from {{ ref('fct_figures') }}
where period is not null
group by period
order by period desc

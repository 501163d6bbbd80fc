-- The provincial scorecard: each region's latest zones, revenue, tax, FDI and domestic
-- investment side by side (亿元 / 亿美元, growth in %).
select
    region,
    macro_region,
    zones_total,
    zones_national,
    round(revenue, 1)                 as revenue,
    revenue_unit,
    revenue_growth_pct,
    round(tax_revenue, 1)             as tax_revenue,
    tax_revenue_growth_pct,
    round(fdi, 2)                     as fdi,
    fdi_unit,
    fdi_growth_pct,
    round(domestic_investment, 1)     as domestic_investment,
    domestic_investment_growth_pct
from cmp_scorecard
order by zones_total desc nulls last;

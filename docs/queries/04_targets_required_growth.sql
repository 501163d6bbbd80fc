-- Which level targets do the regions set, by when, and what annual growth would they
-- need from the latest actual of the same indicator and population (like for like)?
select
    region,
    indicator_name_zh        as indicator,
    population,
    due_year,
    target_text,
    round(target_display_value, 2) as target,
    display_unit,
    target_qualifier,
    comparison,
    actual_text,
    actual_year,
    round(required_cagr_pct, 1)    as required_cagr_pct,
    target_doc_id,
    target_start,
    target_end
from cmp_targets
where measure = 'level'
  and indicator_id is not null
  and metric <> 'threshold'
  and region is not null
order by region, due_year, indicator_id, population;

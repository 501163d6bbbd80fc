-- How many zones clear each size threshold (超1000亿元园区 …), reported or targeted?
-- A zone count and the threshold that defines its group share a document, subject,
-- kind and period; the threshold is the one stated nearest to the count.
select
    c.region,
    c.kind,
    c.period,
    t."text"                      as threshold,
    round(t.display_value, 0)     as threshold_value,
    t.display_unit                as threshold_unit,
    c."value"                     as zones,
    c.subject,
    c.doc_id,
    c."start",
    c."end"
from fct_figures as c
join fct_figures as t
    on t.doc_id = c.doc_id
   and t.subject = c.subject
   and t.kind = c.kind
   and t.period is not distinct from c.period
   and t.metric = 'threshold'
   and t.unit = 'CNY'
where c.metric = 'zone_count'
  and c.measure = 'level'
qualify row_number() over (partition by c.figure_id order by abs(c."start" - t."start")) = 1
order by c.region, c.kind, c.period, t."value" desc, c.doc_id;

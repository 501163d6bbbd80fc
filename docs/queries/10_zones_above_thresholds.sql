-- How many zones clear each size threshold (超1000亿元园区 …), reported or targeted?
-- A zone count and the threshold that defines its group share a document and subject.
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
   and t.metric = 'threshold'
   and t.unit = 'CNY'
where c.metric = 'zone_count'
  and c.measure = 'level'
order by c.region, c.kind, c.period, t."value" desc;

-- Every live document's figure count equals its rows in fct_figures, and no figure
-- belongs to a document that is not live (the incremental model's deletes worked).
with loaded as (
    select doc_id, count(*) as n from {{ ref('fct_figures') }} group by doc_id
)
select d.doc_id, d.status, d.figure_count, l.n
from {{ ref('dim_documents') }} as d
full join loaded as l using (doc_id)
where (d.status = 'live' and coalesce(l.n, 0) <> d.figure_count)
   or (l.n is not null and d.status is distinct from 'live')

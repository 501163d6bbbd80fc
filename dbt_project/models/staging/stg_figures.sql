-- Figure records as the extractor wrote them, typed; one row per figure per document
-- file (stg_figure_loads without its per-file markers), less the documents validation
-- held back (their rows are not published, nor tested by dbt while they are held).
select * exclude (loaded_at)
from {{ ref('stg_figure_loads') }}
where "start" is not null
  and doc_id not in (select doc_id from {{ ref('stg_held_documents') }})

-- Figure records as the extractor wrote them, typed; one row per figure per document
-- file (stg_figure_loads without its per-file markers).
select * exclude (loaded_at)
from {{ ref('stg_figure_loads') }}
where "start" is not null

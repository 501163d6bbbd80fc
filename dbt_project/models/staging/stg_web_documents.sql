-- Where a fetched document came from: source, URL, fetch time, and whether the URL has
-- since answered 404/410 (gone: its last version stays, marked). One row per doc_id.
select
    doc_id,
    source_name,
    source_url,
    region_hint,
    fetched_at,
    gone
from {{ source('state', 'web') }}

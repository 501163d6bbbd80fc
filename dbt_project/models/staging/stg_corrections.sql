-- Analysts' corrections, one row per correction file (zonestats/corrections.py). A view:
-- there are few, and every build must see all of them (a correction is applied on top
-- of whatever the extractor wrote, in int_figures_corrected).
select
    correction_id,
    action,
    doc_id,
    content_hash,
    figure_id,
    "start"::bigint  as "start",
    "end"::bigint    as "end",
    "text",
    sentence,
    new_values,
    author,
    reason,
    created_at
from {{ source('state', 'corrections') }}

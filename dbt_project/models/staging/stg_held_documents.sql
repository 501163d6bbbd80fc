-- Documents validation held back (zonestats/validation/holds.py): one row per document,
-- with every failing expectation in one line. A held document is not published; the
-- previous version of its file, if any, stays live (int_document_status).
select
    doc_id,
    min(held_at)                                  as held_at,
    string_agg(reason, '; ' order by suite, expectation) as hold_reason
from {{ source('state', 'held') }}
group by doc_id

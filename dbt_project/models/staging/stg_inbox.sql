-- The inbox listing of the latest scan: which documents are live right now.
select
    path,
    parse_filename(path) as file_name,
    doc_id,
    n_bytes,
    modified_at,
    scanned_at
from {{ source('state', 'inbox') }}

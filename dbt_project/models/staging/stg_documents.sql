-- One row per document the pipeline has ingested (documents are never deleted from
-- state, so this is the full history, live or not).
select
    doc_id,
    content_hash,
    file_name,
    format,
    encoding,
    script,
    n_bytes,
    n_chars,
    title,
    regions,
    year::integer as year,
    figure_count,
    extractor_version,
    ingested_at
from {{ source('state', 'documents') }}

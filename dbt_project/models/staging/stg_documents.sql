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
    -- counted here rather than stored: the decode step runs before extraction
    coalesce(f.figure_count, 0) as figure_count,
    extractor_version,
    ingested_at
from {{ source('state', 'documents') }}
left join (
    select doc_id, count(*) as figure_count from {{ source('state', 'figures') }} group by doc_id
) as f using (doc_id)

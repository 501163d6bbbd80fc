{{ config(materialized='table') }}
-- The history of every correction ever recorded (nothing is edited or deleted), with
-- whether it applies to the warehouse now:
--   applied   its document is live with the same content hash, and for a set or reject
--             the figure's span is still read by the extractor (or was added by hand);
--   orphaned  the document changed (replaced by a new version: another content hash),
--             was removed, or the extractor no longer reads the span. Listed for review,
--             never applied silently to something else.
with documents as (
    select doc_id, content_hash, file_name, status, replaced_by
    from {{ ref('int_document_status') }}
),

spans as (
    select distinct doc_id, "start", "end" from {{ ref('int_figures_corrected') }}
)

select
    c.correction_id,
    c.action,
    c.doc_id,
    c.content_hash,
    d.file_name,
    c.figure_id,
    c."start",
    c."end",
    c."text",
    c.new_values,
    c.author,
    c.reason,
    c.created_at,
    case
        when d.doc_id is null or (d.content_hash is distinct from c.content_hash) then 'document content changed'
        when d.status = 'replaced' then 'document replaced by a new version (' || d.replaced_by || ')'
        when d.status <> 'live' then 'document ' || d.status
        when c.action in ('set', 'reject') and s.doc_id is null then 'the figure is no longer extracted'
    end as orphan_reason,
    case when orphan_reason is null then 'applied' else 'orphaned' end as status
from {{ ref('stg_corrections') }} as c
left join documents as d using (doc_id)
left join spans as s
    on s.doc_id = c.doc_id and s."start" = c."start" and s."end" = c."end"

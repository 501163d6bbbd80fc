{{
    config(
        materialized='incremental',
        unique_key='doc_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
    )
}}
-- One row per document ever seen, with its status (live / removed / replaced), plus
-- quarantined inputs (status 'quarantined', with their reason), and for a document fetched
-- from a web source its source, URL, fetch time and whether the URL has gone (404/410).
--
-- Incremental: only rows whose status or content changed since the last build are
-- rewritten, so `updated_at` of a removed document keeps the scan that first missed it;
-- `loaded_at` says which build wrote the row (the marts rebuild what such documents
-- touched, macros/changed_documents.sql).
with documents as (
    select
        doc_id,
        file_name,
        content_hash,
        format,
        encoding,
        script,
        n_bytes,
        n_chars,
        title,
        regions,
        year,
        figure_count,
        extractor_version,
        status,
        replaced_by,
        -- a document validation held back: the failing expectations and figures
        case when status = 'held' then 'validation' end as quarantine_stage,
        case when status = 'held' then hold_reason end as quarantine_reason,
        ingested_at,
        status_changed_at as updated_at
    from {{ ref('int_document_status') }}
),

quarantined as (
    select
        q.doc_id,
        q.file_name,
        null::varchar        as content_hash,
        null::varchar        as format,
        null::varchar        as encoding,
        null::varchar        as script,
        q.n_bytes,
        null::bigint         as n_chars,
        null::varchar        as title,
        null::varchar[]      as regions,
        null::integer        as year,
        null::bigint         as figure_count,
        null::varchar        as extractor_version,
        'quarantined'        as status,
        null::varchar        as replaced_by,
        q.stage              as quarantine_stage,
        q.reason             as quarantine_reason,
        null::timestamptz    as ingested_at,
        q.quarantined_at     as updated_at
    from {{ ref('stg_quarantine') }} as q
    where q.doc_id not in (select doc_id from documents)
),

-- documents fetched from web sources carry their URL and fetch time (zonestats/sources/)
current_rows as (
    select
        r.*,
        w.source_name,
        w.source_url,
        w.fetched_at,
        coalesce(w.gone, false) as gone
    from (select * from documents union all select * from quarantined) as r
    left join {{ ref('stg_web_documents') }} as w using (doc_id)
)

select c.*, {{ this_build() }} as loaded_at
from current_rows as c
{% if is_incremental() %}
where not exists (
    select 1
    from {{ this }} as t
    where t.doc_id = c.doc_id
      and t.status = c.status
      and t.replaced_by is not distinct from c.replaced_by
      and t.ingested_at is not distinct from c.ingested_at
      and t.figure_count is not distinct from c.figure_count
      and t.extractor_version is not distinct from c.extractor_version
      and t.quarantine_reason is not distinct from c.quarantine_reason
      and t.gone = c.gone
      and t.source_url is not distinct from c.source_url
)
{% endif %}

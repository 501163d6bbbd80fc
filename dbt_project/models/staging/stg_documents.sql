{{
    config(
        materialized='incremental',
        unique_key='doc_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
    )
}}
-- One row per document the pipeline has ingested (documents are never deleted from
-- state, so this is the full history, live or not). A table loaded incrementally:
-- a build reads only the document files written since the last one (macros/state_files.sql).
-- Built after stg_figure_loads (the depends_on below), not beside it: a full build reads
-- every state file, and two such reads at once would need twice the memory.
-- depends_on: {{ ref('stg_figure_loads') }}
{%- set files = changed_state_files('documents') %}
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
    extractor_version,
    ingested_at,
    {{ this_build() }} as loaded_at
from {{ read_state(source('state', 'documents'), files) }}

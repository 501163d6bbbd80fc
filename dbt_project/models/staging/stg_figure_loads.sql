{{
    config(
        materialized='incremental',
        unique_key='doc_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
    )
}}
-- The figure records of every document file, loaded incrementally: a build reads only
-- the figure files written since the last one (macros/state_files.sql) and replaces
-- those documents' rows. Each loaded file also leaves one row with a null "start" (the
-- file's marker): a document re-extracted to no figures then still replaces its old
-- rows, and a file without figures is not read again. stg_figures leaves the markers out.
{%- set files = changed_state_files('figures') %}
with figures as (
    select
        doc_id,
        "start"::bigint          as "start",
        "end"::bigint            as "end",
        "text",
        "value"::double          as "value",
        value_high::double       as value_high,
        unit,
        metric,
        measure,
        region,
        area,
        subject,
        period,
        kind,
        qualifier,
        confidence::double       as confidence,
        sentence,
        extracted_at
    from {{ read_state(source('state', 'figures'), files) }}
),

markers as (
    select doc_id, null::bigint as "start"
    from {{ state_documents('figures', files) }}
)

select *, {{ this_build() }} as loaded_at
from (select * from figures union all by name select * from markers)

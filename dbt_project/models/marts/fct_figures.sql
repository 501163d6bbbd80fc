{{
    config(
        materialized='incremental',
        unique_key='doc_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook="delete from {{ this }} where doc_id not in (select doc_id from {{ ref('int_document_status') }} where status = 'live' and figure_count > 0)",
    )
}}
-- One row per figure of the live documents: the spec fields, display value and unit,
-- region code, and provenance (doc_id, start, end, sentence).
--
-- Incremental by document: a build only (re)loads the figures of documents that are new
-- since the last build or were re-extracted (another extracted_at); the unique key is the
-- document, so a re-extraction replaces all of that document's rows. The candidates are
-- the documents whose figure file this build read and live documents without rows here
-- (back in the inbox after a removal), so a build looks at what changed, not at every
-- figure. Each figure carries its indicator identity (macros/indicators.sql). The post-hook drops the rows of documents that left the inbox (removed or
-- replaced) or were re-extracted to no figures.
-- depends_on: {{ ref('stg_figure_loads') }}
-- depends_on: {{ ref('stg_corrections') }}
with live_documents as (
    select doc_id, year, ingested_at
    from {{ ref('int_document_status') }}
    where status = 'live'
),

{% if is_incremental() %}
candidates as (
    select doc_id from {{ ref('stg_figure_loads') }} where loaded_at = {{ this_build() }}
    union
    select doc_id from live_documents where doc_id not in (select doc_id from {{ this }})
    union
    select doc_id from {{ ref('stg_corrections') }}  -- a new correction changes revised_at
),
{% endif %}

figures as (
    select f.*, d.year as doc_year, d.ingested_at as doc_ingested_at
    from {{ ref('int_figures_corrected') }} as f  -- extracted records, corrections applied
    join live_documents as d using (doc_id)
    {% if is_incremental() %}where f.doc_id in (select doc_id from candidates){% endif %}
),

{% if is_incremental() %}
loaded as (
    select doc_id, max(revised_at) as revised_at
    from {{ this }}
    where doc_id in (select doc_id from candidates)
    group by doc_id
),

batch as (
    select f.doc_id
    from figures as f
    left join loaded as l using (doc_id)
    group by f.doc_id, l.revised_at
    having max(f.revised_at) is distinct from l.revised_at
),
{% endif %}

units as (
    select * from {{ ref('dim_units') }}
),

regions as (
    select code, full_name from {{ ref('dim_regions') }}
),

figure_rows as (
select
    md5(f.doc_id || ':' || f."start" || ':' || f."end")      as figure_id,
    f.doc_id,
    f."start",
    f."end",
    f."text",
    f."value",
    f.value_high,
    f.unit,
    f.metric,
    f.measure,
    f.region,
    r.code                                                   as region_code,
    f.area,
    f.subject,
    f.period,
    try_cast(f.period as integer)                            as period_year,
    f.kind,
    f.qualifier,
    f.confidence,
    f."value" / u.divisor                                    as display_value,
    f.value_high / u.divisor                                 as display_value_high,
    u.display_unit,
    f.sentence,
    f.doc_year,
    -- the year a figure holds for: its period, or for an undated figure the year of
    -- the document that states it (截至目前 … reads as "as of publication")
    coalesce(try_cast(f.period as integer), f.doc_year)     as as_of_year,
    f.doc_ingested_at,
    f.extracted_at,
    f.origin,  -- extracted | corrected | added (int_figures_corrected)
    f.corrected_by,
    f.corrected_at,
    f.correction_reason,
    f.revised_at,
    -- the build that loaded the row: shows which documents an incremental build touched
    {{ this_build() }}                                      as loaded_at
from figures as f
left join units as u on u.unit = f.unit
left join regions as r on r.full_name = f.region
where f.origin <> 'rejected'
{% if is_incremental() %}
and f.doc_id in (select doc_id from batch)
{% endif %}
),

-- each figure's indicator, population and zone (macros/indicators.sql)
identified as (
{{ map_indicators('figure_rows') }}
)

select * from identified

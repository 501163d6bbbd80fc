{#- The fields a correction may set (zonestats/corrections.py, EDITABLE_FIELDS). -#}
{%- set number_fields = ['value', 'value_high'] -%}
{%- set text_fields = ['unit', 'metric', 'measure', 'region', 'area', 'subject', 'period', 'kind', 'qualifier'] -%}
-- The extracted figure records with the analysts' corrections applied on top: what
-- fct_figures loads. Applied at every build, to whatever the extractor wrote last, so a
-- correction survives re-extraction, a full refresh and a new extractor version.
--
-- A correction applies only to the document it was made on: the same doc_id and content
-- hash (a changed file is another document, and its old corrections are orphaned, see
-- the corrections model). Per span (doc_id, start, end), the latest value of each field
-- set (by `set` or `add`) replaces the extracted one; the latest action decides whether
-- the figure is rejected (`reject`), and an `add` on a span the extractor did not read
-- makes a figure of its own. Rejected figures stay here (origin 'rejected') so that a
-- document's revision changes; fct_figures leaves them out.
--
-- origin: extracted | corrected (a field set on an extracted figure) | added | rejected,
-- with the author, time and reason of the span's latest correction. revised_at: the
-- latest of the document's extraction and its corrections, which tells fct_figures
-- (incremental by document) that the document must be reloaded.
with span_corrections as (
    select c.*
    from {{ ref('stg_corrections') }} as c
    join {{ ref('stg_documents') }} as d
        on d.doc_id = c.doc_id and d.content_hash = c.content_hash
    where c.action in ('set', 'reject', 'add')
),

set_fields as (
    select doc_id, "start", "end", created_at, correction_id, unnest(json_keys(new_values)) as field, new_values
    from span_corrections
    where new_values is not null
),

latest_fields as (
    select doc_id, "start", "end", field, new_values ->> field as new_value
    from set_fields
    qualify row_number() over (partition by doc_id, "start", "end", field order by created_at desc, correction_id desc) = 1
),

span_values as (
    select
        doc_id, "start", "end",
        {%- for field in number_fields + text_fields %}
        bool_or(field = '{{ field }}')                       as has_{{ field }},
        max(new_value) filter (where field = '{{ field }}')  as new_{{ field }}{{ ',' if not loop.last }}
        {%- endfor %}
    from latest_fields
    group by doc_id, "start", "end"
),

span_latest as (
    select
        doc_id, "start", "end",
        action      as last_action,
        author      as corrected_by,
        created_at  as corrected_at,
        reason      as correction_reason
    from span_corrections
    qualify row_number() over (partition by doc_id, "start", "end" order by created_at desc, correction_id desc) = 1
),

added as (
    select doc_id, "start", "end", "text", sentence
    from span_corrections
    where action = 'add'
    qualify row_number() over (partition by doc_id, "start", "end" order by created_at desc, correction_id desc) = 1
),

spans as (
    select f.doc_id, f."start", f."end", f."text", f.sentence, f.extracted_at, f.confidence,
           {% for field in number_fields + text_fields %}f.{{ field }} as old_{{ field }}, {% endfor %}
           true as extracted
    from {{ ref('stg_figures') }} as f
    union all by name
    select a.doc_id, a."start", a."end", a."text", a.sentence, null::timestamptz as extracted_at,
           null::double as confidence, false as extracted
    from added as a
    where not exists (
        select 1 from {{ ref('stg_figures') }} as f
        where f.doc_id = a.doc_id and f."start" = a."start" and f."end" = a."end"
    )
),

corrected as (
    select
        s.doc_id,
        s."start",
        s."end",
        s."text",
        {%- for field in number_fields %}
        case when v.has_{{ field }} then v.new_{{ field }}::double else s.old_{{ field }} end as {{ field }},
        {%- endfor %}
        {%- for field in text_fields %}
        case when v.has_{{ field }} then v.new_{{ field }} else s.old_{{ field }} end as {{ field }},
        {%- endfor %}
        s.sentence,
        s.extracted_at,
        s.confidence,  -- the extractor's; null for a figure an analyst added
        case
            when l.last_action = 'reject' then 'rejected'
            when not s.extracted then 'added'
            when l.doc_id is not null then 'corrected'
            else 'extracted'
        end as origin,
        l.corrected_by,
        l.corrected_at,
        l.correction_reason
    from spans as s
    left join span_values as v
        on v.doc_id = s.doc_id and v."start" = s."start" and v."end" = s."end"
    left join span_latest as l
        on l.doc_id = s.doc_id and l."start" = s."start" and l."end" = s."end"
)

select
    *,
    greatest(
        max(extracted_at) over (partition by doc_id),
        max(corrected_at) over (partition by doc_id)
    ) as revised_at
from corrected

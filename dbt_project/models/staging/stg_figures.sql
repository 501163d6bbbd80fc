-- Figure records as the extractor wrote them, typed; one row per figure per document file.
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
    sentence,
    extracted_at
from {{ source('state', 'figures') }}

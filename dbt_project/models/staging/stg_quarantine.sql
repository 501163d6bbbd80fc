-- Quarantined inputs; a file quarantined more than once keeps its latest record.
select
    doc_id,
    file_name,
    n_bytes,
    stage,
    reason,
    quarantined_at
from {{ source('state', 'quarantine') }}
qualify row_number() over (partition by doc_id order by quarantined_at desc) = 1

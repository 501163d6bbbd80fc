-- Files the pipeline could not process, why, and at which stage (latest record per file).
select
    q.doc_id,
    q.file_name,
    q.n_bytes,
    q.stage,
    q.reason,
    q.quarantined_at,
    q.doc_id in (select doc_id from {{ ref('stg_inbox') }}) as in_inbox
from {{ ref('stg_quarantine') }} as q

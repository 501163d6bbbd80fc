-- Every ingested document with its status against the latest inbox scan:
--   live      its doc_id is listed in the inbox;
--   replaced  it is gone, and its file name is now listed under another doc_id
--             (the file was edited: same path, new content, new doc_id);
--   removed   it is gone and nothing took its place;
--   held      it is listed, but validation held it back (stg_held_documents): it is not
--             published, and the newest earlier version of its file that is not held
--             stays live in its place (its file is listed for it below).
with listed as (
    select * from {{ ref('stg_inbox') }}
),

held as (
    select * from {{ ref('stg_held_documents') }}
),

-- the listing as published: a held document's entry names the newest earlier version
-- of the same file instead (none: the file is simply not published yet)
inbox as (
    select * from listed where doc_id not in (select doc_id from held)
    union all
    select l.path, l.file_name, arg_max(d.doc_id, d.ingested_at) as doc_id, l.n_bytes, l.modified_at, l.scanned_at
    from listed as l
    join {{ ref('stg_documents') }} as d
        on d.file_name = l.file_name
       and d.doc_id <> l.doc_id
       and d.doc_id not in (select doc_id from held)
    where l.doc_id in (select doc_id from held)
    group by l.path, l.file_name, l.n_bytes, l.modified_at, l.scanned_at
),

last_scan as (
    select max(scanned_at) as scanned_at from inbox
),

documents as (
    select d.* exclude (loaded_at), coalesce(f.figure_count, 0) as figure_count
    from {{ ref('stg_documents') }} as d
    -- counted here rather than stored: the decode step runs before extraction; the
    -- figures as published, analysts' corrections applied (rejected ones left out)
    left join (
        select doc_id, count(*) as figure_count from {{ ref('int_figures_corrected') }}
        where origin <> 'rejected' group by doc_id
    ) as f using (doc_id)
),

replacements as (
    select
        d.doc_id,
        arg_max(i.doc_id, i.modified_at)                    as replaced_by,
        max(coalesce(newer.ingested_at, i.modified_at))     as replaced_at
    from documents as d
    join inbox as i
        on i.file_name = d.file_name
       and i.doc_id <> d.doc_id
    left join documents as newer
        on newer.doc_id = i.doc_id
    where d.doc_id not in (select doc_id from inbox)
    group by d.doc_id
)

select
    d.*,
    case
        when d.doc_id in (select doc_id from held) and d.doc_id in (select doc_id from listed) then 'held'
        when d.doc_id in (select doc_id from inbox) then 'live'
        when r.replaced_by is not null then 'replaced'
        else 'removed'
    end as status,
    r.replaced_by,
    h.hold_reason,
    case
        when d.doc_id in (select doc_id from held) and d.doc_id in (select doc_id from listed) then h.held_at
        when d.doc_id in (select doc_id from inbox) then d.ingested_at
        when r.replaced_by is not null then r.replaced_at
        else (select scanned_at from last_scan)
    end as status_changed_at
from documents as d
left join replacements as r using (doc_id)
left join held as h using (doc_id)

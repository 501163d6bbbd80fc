-- Which documents are in the warehouse, in what state, and what did they yield
-- (quarantined files with the reason they were set aside)?
select
    status,
    file_name,
    script,
    year,
    figure_count,
    array_to_string(regions, '、')   as regions,
    coalesce(quarantine_stage || ': ' || quarantine_reason, '') as quarantine,
    replaced_by,
    updated_at
from dim_documents
order by status, file_name;

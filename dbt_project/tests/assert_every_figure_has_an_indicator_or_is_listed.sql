-- Every live figure has an indicator or its subject is listed in unmapped_subjects.
select f.figure_id
from {{ ref('fct_figures') }} as f
where f.indicator_id is null
  and not exists (
    select 1 from {{ ref('unmapped_subjects') }} as u
    where u.metric is not distinct from f.metric
      and u.measure is not distinct from f.measure
      and u.unit is not distinct from f.unit
      and u.subject is not distinct from f.subject
  )

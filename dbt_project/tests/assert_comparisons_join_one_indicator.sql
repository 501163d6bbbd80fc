-- No comparison row joins two indicators or two populations: a target's actual, a
-- conflict's two statements and a growth rate's national benchmark are each of one
-- series.
select 'cmp_targets' as model, target_id as row_id
from {{ ref('cmp_targets') }}
where actual_figure_id is not null
  and (actual_indicator_id is distinct from indicator_id or actual_population is distinct from population)
union all
select 'cmp_conflicts' as model, conflict_id as row_id
from {{ ref('cmp_conflicts') }}
where indicator_id_b is distinct from indicator_id
union all
select 'cmp_growth' as model, g.figure_id as row_id
from {{ ref('cmp_growth') }} as g
join {{ ref('fct_figures') }} as n
  on n.doc_id = g.national_doc_id and n."start" = g.national_start and n."end" = g.national_end
where n.indicator_id is distinct from g.indicator_id or n.population is distinct from g.population

-- What maps to no indicator, listed rather than guessed: the subjects of live figures
-- without an indicator (macros/indicators.sql), most frequent first, with one example
-- span each. A line in seeds/indicators.csv maps a subject that matters.
select
    metric,
    measure,
    unit,
    subject,
    count(*)                                        as figure_count,
    count(distinct doc_id)                          as document_count,
    list(distinct region order by region) filter (where region is not null) as regions,
    arg_min(figure_id, doc_id || ':' || lpad("start"::varchar, 12, '0'))    as example_figure_id,
    arg_min(sentence, doc_id || ':' || lpad("start"::varchar, 12, '0'))     as example_sentence
from {{ ref('fct_figures') }}
where indicator_id is null
group by metric, measure, unit, subject
order by figure_count desc, document_count desc, metric, subject

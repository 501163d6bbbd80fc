{#- Fails on each combination of the columns that occurs on more than one row (nulls
    count as a value). Our own for the same reason as expression_is_true: no packages. -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

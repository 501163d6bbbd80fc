{#- Fails on the rows for which a boolean SQL expression is false (null passes: pair it
    with not_null where a value is required). Our own because the project installs no
    dbt packages (dbt_utils has the same test), so it builds offline. -#}
{% test expression_is_true(model, expression, column_name=none) %}
select * from {{ model }} where not coalesce(({{ expression }}), true)
{% endtest %}

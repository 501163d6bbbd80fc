{#- Fails on rows where parts that are all stated add up to more than their whole
    (e.g. national + provincial zones > total zones). -#}
{% test parts_not_above_whole(model, whole, parts) %}
select *
from {{ model }}
where {{ whole }} is not null
  {%- for part in parts %}
  and {{ part }} is not null
  {%- endfor %}
  and {{ parts | join(' + ') }} > {{ whole }}
{% endtest %}

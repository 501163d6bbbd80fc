{#
  How a zone_count subject names a whole class of development zones.

  A class name reads: [approval clause 的] [level] [type] zone-noun, e.g.
    纳入《中国开发区审核公告目录》的开发区 · 国家级开发区 · 省级及以上园区 ·
    国家级经济类开发区 · 省级高新区 · 综合保税区 · 经济技术开发区
  Anything else names a subset chosen by some criterion (超1000亿元园区, 综合排名前10的…,
  省级智慧园区, 与…合作共建的国家级经开区, 国家级新区) and is not a class count. Matching
  the whole subject against this grammar keeps subsets out without listing them.
#}

{% macro zone_level_words() -%}
国家级和省级|国家和省级|省级及以上|省级以上|国家级|省级
{%- endmacro %}

{% macro zone_type_words() -%}
经济技术|经济类|经济|经开|高新技术产业|高新技术|高新类|高新|海关特殊监管|综合保税|保税类|保税|出口加工|旅游类|旅游|边境经济合作|边合
{%- endmacro %}

{% macro zone_class_pattern() -%}
^([^的]*(?:纳入|批准|设立|审核|认定)[^的]*的)?({{ zone_level_words() }})?(?:({{ zone_type_words() }})(?:开发区|园区|区域|区)|开发区|开发园区|产业园区|工业园区|园区|产业集聚区)$
{%- endmacro %}

{# 'all' (every level: 省级及以上, or no level word), 'national' or 'provincial'. #}
{% macro zone_level(level_word) -%}
case
    when {{ level_word }} in ('国家级') then 'national'
    when {{ level_word }} in ('省级') then 'provincial'
    else 'all'
end
{%- endmacro %}

{# 'all', 'economic' (经开区), 'high_tech' (高新区), 'bonded' (海关特殊监管区/综合保税区),
   'tourism' or 'border' (边境经济合作区). #}
{% macro zone_type(type_word) -%}
case
    when {{ type_word }} is null or {{ type_word }} = '' then 'all'
    when {{ type_word }} like '边%' then 'border'
    when {{ type_word }} like '%高新%' then 'high_tech'
    when {{ type_word }} like '%经%' then 'economic'
    when {{ type_word }} like '%保税%' or {{ type_word }} like '%综保%' or {{ type_word }} like '%海关%' or {{ type_word }} like '%出口加工%' then 'bonded'
    when {{ type_word }} like '%旅游%' then 'tourism'
end
{%- endmacro %}

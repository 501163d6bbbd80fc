{#
  Reading the per-document state files (zonestats/state.py) without reading them all.

  A full build (the model's table is new, or --full-refresh) reads every file of a
  folder. An incremental build reads only the files the pipeline lists in the
  `state_files` var: those written since the model last loaded some
  (zonestats.state.unloaded_state_files, which says why the listing is made there).
  Without the var (dbt run by hand) an incremental build reads every file again, which
  is slower and gives the same rows: the models replace a document's rows by doc_id.
#}

{% macro state_path(folder, file_name) -%}
{{ env_var('ZONESTATS_STATE', '../var') }}/{{ folder }}/{{ file_name }}
{%- endmacro %}

{% macro state_glob(folder) -%}
{{ state_path(folder, '*.parquet') }}
{%- endmacro %}

{# The files to read, as a DuckDB list literal, or none for every file of the folder. #}
{% macro changed_state_files(folder) %}
    {%- set listed = var('state_files', {}) -%}
    {%- if not execute or not is_incremental() or folder not in listed -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set files = listed[folder] | map('replace', "'", "''") | list -%}
    {#- the typed empty placeholder keeps the list (and the read) valid when nothing changed -#}
    {%- do files.append(state_path(folder, '_schema.parquet')) -%}
    {{ return("['" ~ (files | join("', '")) ~ "']") }}
{% endmacro %}

{# The rows of the changed files; in a full build the source itself (every file). #}
{% macro read_state(source_relation, files) -%}
{{ source_relation if files is none else "read_parquet(" ~ files ~ ", union_by_name = true)" }}
{%- endmacro %}

{# One row per changed file (every file in a full build): the document it belongs to. #}
{% macro state_documents(folder, files) -%}
(
    select parse_filename(file, true) as doc_id
    from {% if files is none %}glob('{{ state_glob(folder) }}'){% else %}(select unnest({{ files }}) as file){% endif %}
    where parse_filename(file, true) <> '_schema'
)
{%- endmacro %}

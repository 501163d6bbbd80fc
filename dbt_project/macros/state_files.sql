{#
  Reading the per-document state files (zonestats/state.py) without reading them all.

  A full build (the model's table is new, or --full-refresh) reads every file of a
  folder. An incremental build reads only the files written since the model last
  loaded some: last_modified at or after its latest loaded_at (the start of that build)
  less a minute, so a file replaced while a build was listing the folder is read again
  by the next build rather than missed. Reading a file twice is harmless: the models
  replace a document's rows by doc_id. Listing the folder's modification times costs
  a stat per file; reading 10,000 small Parquet files costs seconds on every build.
#}

{% macro state_path(folder, file_name) -%}
{{ env_var('ZONESTATS_STATE', '../var') }}/{{ folder }}/{{ file_name }}
{%- endmacro %}

{% macro state_glob(folder) -%}
{{ state_path(folder, '*.parquet') }}
{%- endmacro %}

{# The files to read, as a DuckDB list literal, or none for every file of the folder. #}
{% macro changed_state_files(folder) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set listing -%}
        select filename from read_blob('{{ state_glob(folder) }}')
        where last_modified >= (select max(loaded_at) - interval 1 minute from {{ this }})
           or (select max(loaded_at) from {{ this }}) is null
        order by filename
    {%- endset -%}
    {%- set files = run_query(listing).columns[0].values() | list -%}
    {#- the typed empty placeholder keeps the list (and the read) valid when nothing changed -#}
    {%- set placeholder = state_path(folder, '_schema.parquet') -%}
    {%- if placeholder not in files -%}{%- do files.append(placeholder) -%}{%- endif -%}
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

{#
  Reading the per-document state files (zonestats/state.py) without reading them all.

  A full build (the model's table is new, or --full-refresh) reads every file of a
  folder. An incremental build reads only the files written since the model last
  loaded some: dbt lists them itself when the model is compiled (changed_state_files),
  from the files' modification times and the model's latest loaded_at less a safety
  margin (the `state_reload_margin` var): reading a file twice is harmless (the models
  replace a document's rows by doc_id), missing one is not, and a file replaced while
  the previous build was listing its folder is read again.

  The listing reads no file's content: read_blob's projection keeps only filename and
  last_modified. It still opens each file for its modification time, which glob() does
  not give: 10,000 files cost about 0.25-0.45 s a folder on this 2-core machine
  (docs/benchmarks.md), where the Python directory scan it replaces cost 0.05 s.
#}

{% macro state_path(folder, file_name) -%}
{{ env_var('ZONESTATS_STATE', '../var') }}/{{ folder }}/{{ file_name }}
{%- endmacro %}

{% macro state_glob(folder) -%}
{{ state_path(folder, '*.parquet') }}
{%- endmacro %}

{#
  The files to read, as a DuckDB list literal, or none for every file of the folder.
  The placeholder and the writers' temporary files (".tmp-…", state.write_table) are
  left out of the listing; the typed empty placeholder is then added back, so the list
  (and the read) stays valid when nothing changed.
#}
{% macro changed_state_files(folder) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set listing -%}
        select filename
        from read_blob('{{ state_glob(folder) }}')
        where last_modified >= (
                select coalesce(max(loaded_at), '-infinity'::timestamptz) from {{ this }}
            ) - interval '{{ var("state_reload_margin", "1 minute") }}'
            and parse_filename(filename) <> '_schema.parquet'
            and not starts_with(parse_filename(filename), '.')
        order by filename
    {%- endset -%}
    {%- set files = run_query(listing).columns[0].values() | map('replace', "'", "''") | list -%}
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

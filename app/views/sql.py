"""A read-only SQL console over the published warehouse, with a schema browser and examples.

All the safety lives in :func:`app.data.run_console`: one SELECT, on a connection that
cannot touch files, attach databases, load extensions or change settings, with a row
limit and a timeout.
"""

import streamlit as st

from app import auth, data, queries, ui
from app.i18n import t

auth.require("analyst")

st.title(t("page_sql"))
st.caption(t("sql_help", rows=f"{data.CONSOLE_MAX_ROWS:,}", seconds=int(data.CONSOLE_TIMEOUT_S)))

if ui.require("fct_figures"):
    side, main = st.columns([1, 3])
    with side:
        st.subheader(t("schema"))
        schema = data.query(queries.SCHEMA)
        for (table,), columns in sorted(schema.partition_by("table_name", as_dict=True).items()):
            with st.expander(table):
                st.dataframe(columns.select("column_name", "data_type"), hide_index=True)
        examples = data.example_queries()
        if examples:
            st.subheader(t("examples"))
            for name, sql in examples.items():
                if st.button(name, key=f"example_{name}"):
                    st.session_state["sql_text"] = sql

    with main:
        st.session_state.setdefault("sql_text", "select region, metric, count(*) as figures\n"
                                                "from fct_figures\ngroup by all\norder by figures desc\nlimit 20")
        sql = st.text_area(t("query"), key="sql_text", height=200)
        # The outcome is kept in the session so it survives reruns (e.g. a download click).
        if st.button(t("run"), type="primary", key="sql_run") and sql.strip():
            try:
                st.session_state["sql_outcome"] = data.run_console(sql)
            except data.Refused as err:
                st.session_state["sql_outcome"] = t("refused", reason=err)
            except Exception as err:  # duckdb.Error: the analyst's mistake, or a refused file access
                st.session_state["sql_outcome"] = t("query_failed", reason=str(err).splitlines()[0])
        outcome = st.session_state.get("sql_outcome")
        if isinstance(outcome, str):
            st.error(outcome)
        elif outcome is not None:
            st.caption(t("rows_returned", n=len(outcome.frame), ms=outcome.seconds * 1000))
            if outcome.truncated:
                st.warning(t("truncated", n=data.CONSOLE_MAX_ROWS))
            st.dataframe(outcome.frame, hide_index=True)
            cols = st.columns(3)
            for col, fmt in zip(cols, ("csv", "parquet", "excel")):
                mime, ext = data.EXPORT_FORMATS[fmt]
                col.download_button(t(f"download_{fmt}"), data.export_bytes(outcome.frame, fmt),
                                    file_name=f"zonestats_query.{ext}", mime=mime, key=f"sql_download_{fmt}",
                                    on_click="ignore")

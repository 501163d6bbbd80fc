"""Data quality: the validation results of the published build, documents held back, conflicts,
quarantined inputs."""

import polars as pl
import streamlit as st

from app import data, queries, ui
from app.i18n import t

st.title(t("page_quality"))

st.subheader(t("validation_results"))
if ui.require("validation_results"):
    results = data.query(queries.VALIDATION_LATEST)
    summary = data.validation_summary()
    if summary is not None:
        failed = int(summary["blocking_failures"])
        message = t("validation_failed", n=failed) if failed else t("validation_ok", at=summary["validated_at"])
        (st.error if failed else st.success)(message)
    if st.toggle(t("failed_only"), key="dq_failed_only"):
        results = results.filter(~pl.col("success"))
    st.dataframe(results, hide_index=True,
                 column_config={"success": st.column_config.CheckboxColumn("✔"),
                                "blocking": st.column_config.CheckboxColumn("blocking")})
    with st.expander("history"):
        st.dataframe(data.query(queries.VALIDATION_HISTORY), hide_index=True)

index = data.data_docs_index()
if index is not None:
    # A browser will not follow a file:// link from an http page, so the index is shown
    # inline (in a sandboxed iframe) and its path given for opening the full site locally.
    with st.expander(t("data_docs")):
        st.caption(str(index))
        st.components.v1.html(index.read_text(encoding="utf-8"), height=600, scrolling=True)
else:
    st.caption(t("data_docs_missing"))

st.subheader(t("held_back"))
held = data.held_back()
if held.is_empty():
    st.caption(t("held_back_none"))
else:
    st.caption(t("held_back_help"))
    st.dataframe(held, hide_index=True)

st.subheader(t("conflicts"))
if ui.require("cmp_conflicts"):
    conflicts = data.query(queries.CONFLICTS)
    conflicts = ui.with_source(conflicts, "start_a", "end_a", "doc_id_a", "source_a")
    conflicts = ui.with_source(conflicts, "start_b", "end_b", "doc_id_b", "source_b")
    st.dataframe(conflicts, hide_index=True,
                 column_config={"source_a": ui.source_column(f"{t('source')} A"),
                                "source_b": ui.source_column(f"{t('source')} B"),
                                "relative_difference": st.column_config.NumberColumn(format="percent")})

st.subheader(t("quarantine"))
if ui.require("quarantine"):
    st.dataframe(data.query(queries.QUARANTINE), hide_index=True)

"""Documents: the list (with quarantined inputs and why), and a viewer of each text as written.

The viewer takes ``?doc=<doc_id>&start=<offset>`` from the URL, which is how every
number elsewhere in the app links to the sentence it came from.
"""

import polars as pl
import streamlit as st

from app import data, i18n, queries, ui
from app.highlight import render_document
from app.i18n import t

st.title(t("page_documents"))

if ui.require("dim_documents"):
    documents = data.query(queries.DOCUMENTS)
    st.subheader(t("document_list"))
    # filter by web source (sources.yml) or the files put in the inbox; the viewer keeps every document
    source_names = sorted(documents["source_name"].drop_nulls().unique())
    if source_names:
        inbox, everything = t("inbox_files"), t("all_sources")
        chosen = st.selectbox(t("filter_source"), [everything, inbox, *source_names], key="source_filter")
        shown = (documents if chosen == everything
                 else documents.filter(pl.col("source_name").is_null()) if chosen == inbox
                 else documents.filter(pl.col("source_name") == chosen))
    else:
        shown = documents
    listing = shown.with_columns(
        # regions arrive as a list, or as null for a quarantined input
        pl.col("regions").list.join("、").fill_null(""),
        pl.Series("link", [ui.source_url(d) for d in shown["doc_id"]], dtype=pl.String),
    )
    st.dataframe(
        listing.select("title", "file_name", "regions", "year", "script", "format", "figure_count", "status",
                       "quarantine_reason", "added_at", "source_name", "source_url", "link"),
        hide_index=True,
        column_config={
            "title": st.column_config.TextColumn("标题 Title"),
            "year": st.column_config.NumberColumn(format="%d"),
            "figure_count": st.column_config.NumberColumn(t("figures"), format="%d"),
            "status": t("status"),
            "source_name": t("filter_source"),
            "source_url": st.column_config.LinkColumn(t("web_source")),
            "link": st.column_config.LinkColumn("", display_text=t("open_source")),
        },
    )

    # -- the viewer ---------------------------------------------------------------------------
    # ?figure=<figure_id> (the scorecard's links): find its document and span first.
    figure_id = st.query_params.get("figure")
    if figure_id and data.has("fct_figures"):
        found = data.query(queries.FIGURE_SOURCE, (figure_id,))
        if not found.is_empty():
            source = found.row(0, named=True)
            st.query_params.from_dict({"doc": source["doc_id"], "start": str(int(source["start"])),
                                       "end": str(int(source["end"]))})
    ids = documents["doc_id"].to_list()
    names = {r["doc_id"]: f"{r['title'] or r['file_name']} · {r['doc_id']}" for r in documents.iter_rows(named=True)}
    wanted = st.query_params.get("doc")
    if wanted and wanted not in names:
        st.warning(t("doc_not_found", doc=wanted))
    doc_id = st.selectbox(t("pick_document"), ids, index=ids.index(wanted) if wanted in names else 0,
                          format_func=names.get, key=f"doc_pick_{wanted}")
    if doc_id is not None:
        if doc_id != wanted:
            st.query_params.from_dict({"doc": doc_id})
        row = documents.row(ids.index(doc_id), named=True)
        if row["status"] == "quarantined":
            st.error(f"{t('quarantined')}: {row['quarantine_stage']} — {row['quarantine_reason']}")
        if isinstance(row["source_url"], str):
            st.caption(f"{t('web_source')}: {row['source_name']} · [{row['source_url']}]({row['source_url']}) · "
                       f"{t('fetched_at')} {row['fetched_at']:%Y-%m-%d %H:%M %Z}")
            if row["gone"]:
                st.warning(t("page_gone"))
        text = data.document_text(doc_id)
        figures = data.query(queries.DOCUMENT_FIGURES, (doc_id,)) if data.has("fct_figures") else pl.DataFrame()
        selected = st.query_params.get("start")
        selected = int(selected) if selected and selected.isdigit() else None
        if text is None:
            st.info(t("text_missing"))
        else:
            st.html(render_document(text, figures.to_dicts(), selected))
        if not figures.is_empty():
            st.subheader(t("figures_in_doc"))
            figures = figures.with_columns(
                metric_label=pl.col("metric_en" if i18n.english() else "metric_zh").fill_null(pl.col("metric")))
            if selected is not None:  # the linked figure first
                figures = figures.sort(pl.col("start") != selected, maintain_order=True)
            st.dataframe(
                figures.select("start", "end", "text", "display_value", "display_unit", "metric_label", "measure",
                               "region", "area", "subject", "period", "kind", "qualifier", "origin", "corrected_by"),
                hide_index=True,
                column_config={"display_value": ui.value_column(t("value")), "display_unit": t("unit"),
                               "text": t("as_written"), "metric_label": t("filter_metric")},
            )
        # who changed this document's figures, when and why (docs/corrections.md)
        history = data.query(queries.DOCUMENT_CORRECTIONS, (doc_id,)) if data.has("corrections") else pl.DataFrame()
        if not history.is_empty():
            st.subheader(t("history"))
            st.dataframe(history, hide_index=True)

"""Every figure, filterable, with downloads of the filtered set as CSV, Parquet and Excel."""

import streamlit as st

from app import data, queries, ui
from app.i18n import t

SHOWN = 1000

st.title(t("page_figures"))

if ui.require("fct_figures", "dim_periods"):
    options = data.query(queries.FIGURE_FILTER_OPTIONS).row(0, named=True)
    labels = ui.metric_labels()
    cols = st.columns(3)
    selected: dict[str, list[str]] = {}
    for i, (key, label) in enumerate([
        ("region", "filter_region"), ("metric", "filter_metric"), ("measure", "filter_measure"),
        ("kind", "filter_kind"), ("period", "filter_period"), ("doc_id", "filter_document"),
    ]):
        values = list(options[key]) if options[key] is not None else []
        fmt = (lambda m: labels.get(m, m)) if key == "metric" else str
        selected[key] = cols[i % 3].multiselect(t(label), values, format_func=fmt, key=f"fig_{key}")
    search = st.text_input(t("search_text"), key="fig_search").strip()

    page = queries.figures_page(selected, search, SHOWN)
    found = data.query(*page.rows)  # up to SHOWN + 1: the extra row says there are more
    rows = ui.with_source(found.head(SHOWN))
    if page.total is not None:
        st.caption(t("rows_shown", n=f"{int(data.query(*page.total).item(0, 'n')):,}", shown=f"{len(rows):,}"))
    elif len(found) > SHOWN:
        st.caption(t("rows_shown_more", shown=f"{SHOWN:,}"))
    else:
        st.caption(t("rows_shown", n=f"{len(rows):,}", shown=f"{len(rows):,}"))
    st.dataframe(
        rows, hide_index=True,
        column_config={
            "display_value": ui.value_column(t("value")),
            "display_unit": t("unit"),
            "text": t("as_written"),
            "source": ui.source_column(),
            "start": st.column_config.NumberColumn(format="%d"),
            "end": st.column_config.NumberColumn(format="%d"),
        },
    )

    # The files are built only when a button is clicked (a callable), so filtering a
    # million rows does not also serialise them three times on every rerun.
    export = queries.figures_export(selected, search)
    download_cols = st.columns(3)
    for col, fmt in zip(download_cols, ("csv", "parquet", "excel")):
        mime, ext = data.EXPORT_FORMATS[fmt]
        col.download_button(
            t(f"download_{fmt}"),
            data=lambda fmt=fmt: data.export_bytes(data.run_query(data.settings().published_db, *export), fmt),
            file_name=f"zonestats_figures.{ext}", mime=mime, key=f"download_{fmt}",
            on_click="ignore",
        )

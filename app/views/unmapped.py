"""Figures no indicator fits, by subject, most frequent first: listed, never guessed.

An analyst reads this list to decide which line to add to seeds/indicators.csv.
"""

import streamlit as st

from app import data, queries, ui
from app.i18n import t

st.title(t("page_unmapped"))

if ui.require("unmapped_subjects", "fct_figures"):
    share = data.query(queries.MAPPING_SHARE).row(0, named=True)
    mapped, figures = int(share["mapped"]), int(share["figures"])
    st.metric(t("mapped_share"), f"{mapped / figures:.1%}" if figures else "—",
              help=t("mapped_of", mapped=f"{mapped:,}", figures=f"{figures:,}"))
    unmapped = ui.with_figure_links(data.query(queries.UNMAPPED), "example_figure_id", "source")
    st.dataframe(
        unmapped.select("subject", "metric", "measure", "unit", "figure_count", "document_count", "regions",
                        "example_sentence", "source"),
        hide_index=True,
        column_config={"figure_count": t("figures"), "document_count": t("documents"),
                       "example_sentence": t("example"), "source": ui.source_column()},
    )

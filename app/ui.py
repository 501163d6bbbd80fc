"""Small pieces the pages share: source links, "not available yet", number columns."""

from __future__ import annotations

from urllib.parse import urlencode

import polars as pl
import streamlit as st

from app import data, i18n, queries
from app.i18n import t

DOCUMENTS_PAGE = "views/documents.py"
DOCUMENTS_URL = "documents"  # the url_path of the Documents page (streamlit_app.py)


def source_url(doc_id: str, start: object = None, end: object = None) -> str:
    """A link to a document in the viewer, with the figure's span marked when given."""
    params: dict[str, object] = {"doc": doc_id}
    if start is not None:
        params["start"] = int(start)
        if end is not None:
            params["end"] = int(end)
    return f"{DOCUMENTS_URL}?{urlencode(params)}"


def figure_url(figure_id: object) -> str | None:
    """A link to a figure by id; the viewer looks up its document and span."""
    return f"{DOCUMENTS_URL}?{urlencode({'figure': figure_id})}" if isinstance(figure_id, str) else None


def with_source(frame: pl.DataFrame, start: str = "start", end: str = "end", doc: str = "doc_id",
                column: str = "source") -> pl.DataFrame:
    """Add a column of viewer links (shown with :func:`source_column`)."""
    if doc not in frame.columns:
        return frame.with_columns(pl.lit(None, pl.String).alias(column))
    starts = frame[start] if start in frame.columns else [None] * frame.height
    ends = frame[end] if end in frame.columns else [None] * frame.height
    links = [source_url(d, s, e) if d is not None else None for d, s, e in zip(frame[doc], starts, ends)]
    return frame.with_columns(pl.Series(column, links, dtype=pl.String))


def with_figure_links(frame: pl.DataFrame, figure_id: str, column: str) -> pl.DataFrame:
    """Add a column of viewer links to the figures named in ``figure_id`` (see :func:`figure_url`)."""
    return frame.with_columns(pl.Series(column, [figure_url(f) for f in frame[figure_id]], dtype=pl.String))


def source_column(label: str | None = None) -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(label or t("source"), display_text=t("open_source"))


def value_column(label: str, written: str = "text") -> st.column_config.NumberColumn:
    """A display value column whose help says where the original wording is."""
    return st.column_config.NumberColumn(label, format="localized", help=f"{t('as_written')}: {written}")


def require(*tables: str) -> bool:
    """Whether the published warehouse has these tables; says so on the page if not."""
    missing = [name for name in tables if name not in data.tables()]
    if missing:
        st.info(t("not_available", what=", ".join(missing)))
        return False
    return True


def metric_labels() -> dict[str, str]:
    """metric → its label in the current language (the metric code where unlabelled)."""
    frame = data.query(queries.METRICS) if data.has("dim_metrics", "fct_figures") else pl.DataFrame()
    if frame.is_empty():
        return {}
    return dict(frame.select("metric", pl.col(i18n.label_column()).fill_null(pl.col("metric"))).iter_rows())


def source_link(doc_id: str, start: object = None, end: object = None, label: str | None = None) -> None:
    """A page link to the document viewer with the span selected."""
    params = {"doc": doc_id}
    if start is not None:
        params["start"] = str(int(start))
        if end is not None:
            params["end"] = str(int(end))
    st.page_link(DOCUMENTS_PAGE, label=label or f"{t('source')}: {doc_id}", icon=":material/description:", query_params=params)


def population_labels() -> dict[str, str]:
    """population → its label in the current language (seeds/population_rules.csv)."""
    if not data.has("population_rules"):
        return {}
    frame = data.query(queries.POPULATIONS)
    return dict(frame.select("population", "name_en" if i18n.english() else "name_zh").iter_rows())


def series_choices(sql: str) -> dict[str, str]:
    """"indicator|population" → "indicator name · population" for the series a query lists.

    A chart shows one indicator of one population: revenue of all zones and revenue of
    national zones are two choices, never one bar chart.
    """
    frame = data.query(sql)
    populations = population_labels()
    name = "name_en" if i18n.english() else "name_zh"
    return {f"{row['indicator_id']}|{row['population']}": f"{row[name]} · {populations.get(row['population'], row['population'])}"
            for row in frame.iter_rows(named=True)}


def indicator_labels() -> dict[str, str]:
    """indicator_id → its name in the current language."""
    if not data.has("dim_indicators"):
        return {}
    frame = data.query(queries.INDICATORS)
    return dict(frame.select("indicator_id", "name_en" if i18n.english() else "name_zh").iter_rows())

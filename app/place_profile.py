"""The body of the province and zone profile pages: every indicator over the years.

Both pages read cmp_indicator_series rows of one place (a region or a zone): one row
per statement of a point, the winner marked. This draws the chosen series' winners as a
line over the years and lists every statement with its source, the disagreeing ones
flagged, so a reader sees which document won and what the others said.
"""

from __future__ import annotations

from typing import Any

import plotly.express as px
import polars as pl
import streamlit as st

from app import ui
from app.i18n import t

# What makes two rows one series (cmp_indicator_series, macros/indicators.sql).
SERIES_KEY = ["indicator_id", "population", "place_area", "series_subject"]


def series_label(row: dict[str, Any], names: dict[str, str], populations: dict[str, str]) -> str:
    """indicator · population (· area, · subject where they are part of the series)."""
    parts = [names.get(row["indicator_id"], row["indicator_id"]), populations.get(row["population"], row["population"])]
    parts += [str(row[k]) for k in ("place_area", "series_subject") if isinstance(row[k], str)]
    return " · ".join(parts)


def render_profile(statements: pl.DataFrame, names: dict[str, str], populations: dict[str, str], key: str) -> None:
    """A chart of one series (picked, most points first) and every statement of every series."""
    if statements.is_empty():
        st.info(t("no_series"))
        return
    statements = statements.with_columns(pl.Series(
        "series", [series_label(row, names, populations) for row in statements.iter_rows(named=True)], dtype=pl.String))
    winners = statements.filter(pl.col("is_winner"))
    # most points first; among equals, by name
    points = winners.group_by("series").len().sort(["len", "series"], descending=[True, False])
    st.caption(t("series_count", n=points.height, points=winners.height,
                 disputed=winners.filter(pl.col("n_values") > 1).height))
    chosen = st.selectbox(t("pick_series"), points["series"].to_list(), key=f"{key}_series")
    line = winners.filter(pl.col("series") == chosen).sort("year")
    units = line["display_unit"].drop_nulls()
    unit = units[0] if not units.is_empty() else ""
    chart = px.line(line, x="year", y="display_value", markers=True, title=f"{chosen}（{unit}）",
                    hover_data={"text": True, "doc_id": True}, labels={"display_value": unit, "year": t("year")})
    chart.update_xaxes(dtick=1)
    st.plotly_chart(chart, width="stretch", key=f"{key}_chart")

    table = ui.with_source(statements).with_columns(
        status=pl.when(pl.col("is_winner")).then(pl.lit(t("winner")))
        .when(pl.col("disagrees_with_winner")).then(pl.lit(t("disagrees")))
        .otherwise(pl.lit(t("agrees"))))
    st.dataframe(
        table.select("series", "year", "display_value", "display_unit", "text", "status", "n_statements",
                     "winner_display_value", "subject", "source"),
        hide_index=True,
        column_config={
            "series": t("indicator"),
            "year": st.column_config.NumberColumn(t("year"), format="%d"),
            "display_value": ui.value_column(t("value")),
            "display_unit": t("unit"),
            "text": t("as_written"),
            "status": t("status"),
            "n_statements": t("statements"),
            "winner_display_value": ui.value_column(t("winner")),
            "source": ui.source_column(),
        },
    )

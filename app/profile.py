"""The body of the province and zone profile pages: every indicator over the years.

Both pages read cmp_indicator_series rows of one place (a region or a zone): one row
per statement of a point, the winner marked. This draws the chosen series' winners as a
line over the years and lists every statement with its source, the disagreeing ones
flagged, so a reader sees which document won and what the others said.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from app import ui
from app.i18n import t

# What makes two rows one series (cmp_indicator_series, macros/indicators.sql).
SERIES_KEY = ["indicator_id", "population", "place_area", "series_subject"]


def series_label(row: pd.Series, names: dict[str, str], populations: dict[str, str]) -> str:
    """indicator · population (· area, · subject where they are part of the series)."""
    parts = [names.get(row["indicator_id"], row["indicator_id"]), populations.get(row["population"], row["population"])]
    parts += [str(row[k]) for k in ("place_area", "series_subject") if isinstance(row[k], str)]
    return " · ".join(parts)


def render_profile(statements: pd.DataFrame, names: dict[str, str], populations: dict[str, str], key: str) -> None:
    """A chart of one series (picked, most points first) and every statement of every series."""
    if statements.empty:
        st.info(t("no_series"))
        return
    statements = statements.copy()
    statements["series"] = [series_label(row, names, populations) for _, row in statements.iterrows()]
    winners = statements[statements["is_winner"]]
    points = winners.groupby("series").size().sort_values(ascending=False, kind="stable")
    st.caption(t("series_count", n=len(points), points=len(winners),
                 disputed=int((winners["n_values"] > 1).sum())))
    chosen = st.selectbox(t("pick_series"), list(points.index), key=f"{key}_series")
    line = winners[winners["series"] == chosen].sort_values("year")
    unit = line["display_unit"].dropna().iloc[0] if line["display_unit"].notna().any() else ""
    chart = px.line(line, x="year", y="display_value", markers=True, title=f"{chosen}（{unit}）",
                    hover_data={"text": True, "doc_id": True}, labels={"display_value": unit, "year": t("year")})
    chart.update_xaxes(dtick=1)
    st.plotly_chart(chart, width="stretch", key=f"{key}_chart")

    table = ui.with_source(statements)
    table["status"] = [
        t("winner") if won else (t("disagrees") if disagrees else t("agrees"))
        for won, disagrees in zip(table["is_winner"], table["disagrees_with_winner"])
    ]
    st.dataframe(
        table[["series", "year", "display_value", "display_unit", "text", "status", "n_statements",
               "winner_display_value", "subject", "source"]],
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

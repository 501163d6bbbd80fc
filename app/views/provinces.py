"""Provinces compared: zone counts, the chosen indicators' latest levels and growth, the scorecard.

A chart shows one indicator of one population (all zones, national zones, one type …),
so that no bar stands beside a bar of another kind. Every bar carries its source
(doc_id + span): clicking one offers a link to the sentence in the document viewer; the
tables have a source column.
"""

import plotly.express as px
import polars as pl
import streamlit as st

from app import data, queries, ui
from app.i18n import t

st.title(t("page_provinces"))

if ui.require("fct_figures", "dim_regions"):
    regions = data.query(queries.REGIONS)
    labels = ui.metric_labels()
    levels = ui.series_choices(queries.LEVEL_CHOICES) if data.has("cmp_latest_levels", "dim_indicators") else {}
    growth = ui.series_choices(queries.GROWTH_CHOICES) if data.has("cmp_growth", "dim_indicators") else {}
    default = [key for key in ("revenue|all_zones", "fdi|all_zones") if key in levels]
    c1, c2 = st.columns([1, 2])
    chosen_series = c1.multiselect(t("pick_indicators"), list(levels), default=default,
                                   format_func=levels.get, key="prov_indicators")
    chosen = c2.multiselect(t("pick_provinces"), regions["full_name"].to_list(), key="prov_regions")

    def keep(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col("region").is_in(chosen)) if chosen and not frame.is_empty() else frame

    def bar_with_sources(frame: pl.DataFrame, value: str, title: str, key: str, **bar_args) -> None:
        """A bar chart whose bars link to their sources when clicked."""
        chart = px.bar(frame, x="region", y=value, title=title, custom_data=["doc_id", "start", "end"],
                       hover_data={"text": True, "as_of_year": True}, **bar_args)
        event = st.plotly_chart(chart, width="stretch", on_select="rerun", key=key,
                                selection_mode="points")
        points = event.selection.points if event else []
        if points:
            doc_id, start, end = points[0]["customdata"][:3]
            ui.source_link(doc_id, start, end, label=f"{t('open_source')}: {points[0]['x']}")
        else:
            st.caption(t("click_for_source"))

    # -- zone counts: national and provincial, stacked -----------------------------------------
    st.subheader(t("zone_counts"))
    if ui.require("cmp_zone_counts"):
        zones = keep(data.query(queries.ZONE_COUNTS))
        long = pl.concat([
            zones.with_columns(level=pl.lit(t(level)), zones=pl.col(level), start=pl.col(f"{level}_start"),
                               end=pl.col(f"{level}_end"),
                               text=pl.format("{}家", pl.col(level).round(0).cast(pl.Int64)))
            for level in ("national", "provincial")
        ]).drop_nulls("zones")
        if long.is_empty():
            st.info(t("not_available", what=t("zone_counts")))
        else:
            bar_with_sources(long, "zones", t("zone_counts"), "zones_chart", color="level", barmode="stack")
        st.dataframe(
            ui.with_source(zones).select("region", "total", "national", "provincial", "total_rank", "period", "source"),
            hide_index=True, column_config={"source": ui.source_column()},
        )

    # -- each chosen indicator: latest level, then its growth, same population ---------------
    for series in chosen_series:
        indicator, population = series.split("|")
        growth_series = f"{indicator}_growth|{population}"
        charts = [(t("level_of", metric=levels[series]), queries.LATEST_BY_REGION, (indicator, population))]
        if growth_series in growth:
            charts.append((growth[growth_series], queries.GROWTH_BY_REGION, (f"{indicator}_growth", population)))
        for title, sql, params in charts:
            st.subheader(title)
            frame = keep(data.query(sql, params))
            if frame.is_empty():
                st.info(t("not_available", what=title))
                continue
            unit = frame["display_unit"][0] or ""
            bar_with_sources(frame, "value", f"{title}（{unit}）", f"chart_{series}_{title}", labels={"value": unit})

    # -- the scorecard: each key figure with a link to its sentence --------------------------
    st.subheader(t("scorecard"))
    if ui.require("cmp_scorecard"):
        scorecard = keep(data.query(queries.SCORECARD))
        links = {"zones_source": ui.source_column(t("zone_counts"))}
        scorecard = ui.with_source(scorecard, doc="zones_doc_id", column="zones_source")
        for m in queries.SCORECARD_METRICS:
            scorecard = ui.with_figure_links(scorecard, f"{m}_figure_id", f"{m}_source")
            links[f"{m}_source"] = ui.source_column(labels.get(m, m))
        hidden = [c for c in scorecard.columns if c.endswith(("_doc_id", "_figure_id"))]
        st.dataframe(scorecard.drop(hidden), hide_index=True, column_config=links)

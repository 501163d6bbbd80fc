"""Overview: what is in the warehouse, how fresh and valid it is, and a map by province."""

import polars as pl
import streamlit as st

from app import data, i18n, queries, ui
from app.i18n import t
from app.tiles import tile_map

st.title(t("app_title"))

if ui.require("dim_documents", "fct_figures"):
    counts = data.query(queries.OVERVIEW_COUNTS).row(0, named=True)
    published = (data.publish_status().get("published") or {}).get("published_at", "—")
    summary = data.validation_summary()
    cols = st.columns([1, 1, 1, 2, 1])
    cols[0].metric(t("documents"), int(counts["documents"]))
    cols[1].metric(t("figures"), int(counts["figures"]))
    cols[2].metric(t("provinces"), int(counts["provinces"]))
    cols[3].metric(t("last_refresh"), str(published).replace("T", " ")[:16])
    if summary is not None:
        failed = int(summary["blocking_failures"])
        cols[4].metric(t("validation"), "✘" if failed else "✔",
                       delta=f"{int(summary['checks']) - failed}/{int(summary['checks'])}",
                       delta_color="inverse" if failed else "normal")

    # -- the tile map --------------------------------------------------------------------
    st.subheader(t("tile_map"))
    # one indicator of one population per map (revenue of all zones, not of any zones)
    levels = ui.series_choices(queries.LEVEL_CHOICES) if data.has("cmp_latest_levels", "dim_indicators") else {}
    choices = ["figure_count", "zone_total", *levels]
    names = {"figure_count": t("figure_count"), "zone_total": t("zone_total"), **levels}
    choice = st.selectbox(t("colour_by"), choices, format_func=names.get, key="tile_metric")
    if choice == "figure_count":
        values = data.query(queries.FIGURES_PER_REGION)
    elif choice == "zone_total":
        zones = data.query(queries.ZONE_COUNTS) if data.has("cmp_zone_counts") else pl.DataFrame()
        values = (zones.rename({"total": "value"}).with_columns(display_unit=pl.lit("个"))
                  if not zones.is_empty() else zones)
    else:
        values = data.query(queries.LATEST_BY_REGION, tuple(choice.split("|")))
    if values.is_empty():
        values = pl.DataFrame(schema={"region": pl.String, "value": pl.Float64, "display_unit": pl.String})
    regions = data.query(queries.REGIONS)
    st.plotly_chart(tile_map(regions, values, names[choice]), width="stretch")

    # -- the latest figures -------------------------------------------------------------
    st.subheader(t("latest_figures"))
    latest = ui.with_source(data.query(queries.LATEST_FIGURES))
    latest = latest.with_columns(
        metric_label=pl.col("metric_en" if i18n.english() else "metric_zh").fill_null(pl.col("metric")))
    st.dataframe(
        latest.select("region", "subject", "display_value", "display_unit", "text", "metric_label", "period",
                      "kind", "source"),
        hide_index=True,
        column_config={
            "region": t("filter_region"),
            "subject": st.column_config.TextColumn("subject"),
            "display_value": ui.value_column(t("value")),
            "display_unit": t("unit"),
            "text": t("as_written"),
            "metric_label": t("filter_metric"),
            "source": ui.source_column(),
        },
    )

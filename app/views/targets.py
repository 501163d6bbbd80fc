"""Targets by province and due year, beside the latest actual of the same series.

A target is set beside an actual only when both are the same indicator of the same
population in the same place (cmp_targets pairs them so): a target for new zones is
never measured against the stock, nor a target for all zones against national zones.
Where no such actual exists the page says so instead of showing a progress bar.
"""

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from app import data, queries, ui
from app.i18n import t

SHOWN = 500


def _values(listed: object) -> list:
    return list(listed) if listed is not None else []


def _year(year: object) -> str:
    return str(int(year)) if year is not None else "—"


st.title(t("targets"))

if ui.require("cmp_targets"):
    options = data.query(queries.TARGET_FILTER_OPTIONS).row(0, named=True)
    indicators = ui.indicator_labels()
    populations = ui.population_labels()
    c1, c2, c3 = st.columns(3)
    selected = {
        "region": c1.multiselect(t("pick_provinces"), _values(options["region"]), key="tg_regions"),
        "indicator_id": c2.multiselect(t("pick_indicators"), _values(options["indicator_id"]),
                                       format_func=lambda i: indicators.get(i, i), key="tg_indicators"),
        "due_year": c3.multiselect(t("due_year"), _values(options["due_year"]), key="tg_years"),
    }
    count_sql, rows_sql = queries.targets_page(selected, SHOWN)
    total = int(data.query(*count_sql).item(0, "n"))
    targets = data.query(*rows_sql)
    st.caption(t("rows_shown", n=f"{total:,}", shown=f"{min(total, SHOWN):,}"))
    st.caption(t("like_for_like"))

    # A bullet chart: the target as a wide pale bar, the latest actual of the same series
    # as a narrow dark one inside it; only level pairs in one unit can be drawn this way.
    paired = targets.filter((pl.col("measure") == "level") & (pl.col("comparison") == "paired"))
    paired = paired.drop_nulls(["target_value", "actual_value"]).head(40)
    if not paired.is_empty():
        names = [f"{r['region']} · {indicators.get(r['indicator_id'], r['indicator_id'])} · "
                 f"{populations.get(r['population'], r['population'])} · {r['target_text']} · {_year(r['due_year'])}"
                 for r in paired.iter_rows(named=True)]
        chart = go.Figure()
        chart.add_bar(y=names, x=paired["target_value"].to_list(), orientation="h", name=t("target"),
                      marker_color="#d9d9d9", width=0.8, hovertext=paired["target_text"].to_list())
        chart.add_bar(y=names, x=paired["actual_value"].to_list(), orientation="h", name=t("actual"),
                      marker_color="#1677ff", width=0.35, hovertext=paired["actual_text"].to_list())
        chart.update_layout(barmode="overlay", height=120 + 28 * len(paired), yaxis={"autorange": "reversed"},
                            margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h"})
        st.plotly_chart(chart, width="stretch")

    table = ui.with_source(targets).with_columns(
        progress_pct=(pl.col("progress") * 100).round(1),
        indicator_label=pl.col("indicator_id").replace(indicators).fill_null(pl.lit(t("no_indicator"))),
        population_label=pl.col("population").replace(populations),
        # why a target has no actual beside it: none of its series, or no indicator at all
        comparison_label=pl.col("comparison").replace_strict(
            {"paired": t("paired"), "no comparable actual": t("no_comparable_actual"),
             "no indicator": t("no_indicator")}, default=None, return_dtype=pl.String),
    )
    st.dataframe(
        table.select("region", "indicator_label", "population_label", "subject", "due_year", "target_value",
                     "target_text", "comparison_label", "actual_value", "actual_text", "actual_year", "display_unit",
                     "progress_pct", "required_cagr_pct", "source"),
        hide_index=True,
        column_config={
            "region": t("filter_region"),
            "indicator_label": t("indicator"),
            "population_label": t("population"),
            "due_year": st.column_config.NumberColumn(t("due_year"), format="%d"),
            "target_value": ui.value_column(t("target"), "target_text"),
            "target_text": t("as_written"),
            "comparison_label": t("comparison"),
            "actual_value": ui.value_column(t("actual"), "actual_text"),
            "actual_text": t("as_written"),
            "actual_year": st.column_config.NumberColumn(t("filter_period"), format="%d"),
            "display_unit": t("unit"),
            "progress_pct": st.column_config.ProgressColumn(t("progress"), format="%.0f%%", min_value=0, max_value=100),
            "required_cagr_pct": st.column_config.NumberColumn(t("required_growth"), format="%.2f%%"),
            "source": ui.source_column(),
        },
    )

"""Targets by province and due year, beside the latest actual: progress and required growth."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app import data, queries, ui
from app.i18n import t

SHOWN = 500


def _values(listed: object) -> list:
    return list(listed) if listed is not None else []


def _year(year: object) -> str:
    return str(int(year)) if pd.notna(year) else "—"


st.title(t("targets"))

if ui.require("cmp_targets"):
    options = data.query(queries.TARGET_FILTER_OPTIONS).iloc[0]
    labels = ui.metric_labels()
    c1, c2, c3 = st.columns(3)
    selected = {
        "region": c1.multiselect(t("pick_provinces"), _values(options["region"]), key="tg_regions"),
        "metric": c2.multiselect(t("pick_metrics"), _values(options["metric"]),
                                 format_func=lambda m: labels.get(m, m), key="tg_metrics"),
        "due_year": c3.multiselect(t("due_year"), _values(options["due_year"]), key="tg_years"),
    }
    count_sql, rows_sql = queries.targets_page(selected, SHOWN)
    total = int(data.query(*count_sql).iloc[0]["n"])
    targets = data.query(*rows_sql)
    st.caption(t("rows_shown", n=f"{total:,}", shown=f"{min(total, SHOWN):,}"))

    # A bullet chart: the target as a wide pale bar, the latest actual as a narrow dark
    # one inside it; only pairs with both, in the same unit, can be drawn this way.
    paired = targets[targets["measure"] == "level"].dropna(subset=["target_value", "actual_value"]).head(40)
    if not paired.empty:
        # one bar per target: the subject keeps two targets of one metric apart
        names = [f"{r.region} · {str(r.subject)[:14]} · {r.target_text} · {_year(r.due_year)}"
                 for r in paired.itertuples()]
        chart = go.Figure()
        chart.add_bar(y=names, x=paired["target_value"], orientation="h", name=t("target"),
                      marker_color="#d9d9d9", width=0.8, hovertext=paired["target_text"])
        chart.add_bar(y=names, x=paired["actual_value"], orientation="h", name=t("actual"),
                      marker_color="#1677ff", width=0.35, hovertext=paired["actual_text"])
        chart.update_layout(barmode="overlay", height=120 + 28 * len(paired), yaxis={"autorange": "reversed"},
                            margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h"})
        st.plotly_chart(chart, width="stretch")

    table = ui.with_source(targets)
    table["progress_pct"] = (table["progress"] * 100).round(1)
    table["metric_label"] = table["metric"].map(lambda m: labels.get(m, m))
    st.dataframe(
        table[["region", "metric_label", "subject", "due_year", "target_value", "target_text",
               "actual_value", "actual_text", "actual_year", "display_unit", "progress_pct",
               "required_cagr_pct", "source"]],
        hide_index=True,
        column_config={
            "region": t("filter_region"),
            "metric_label": t("filter_metric"),
            "due_year": st.column_config.NumberColumn(t("due_year"), format="%d"),
            "target_value": ui.value_column(t("target"), "target_text"),
            "target_text": t("as_written"),
            "actual_value": ui.value_column(t("actual"), "actual_text"),
            "actual_text": t("as_written"),
            "actual_year": st.column_config.NumberColumn(t("filter_period"), format="%d"),
            "display_unit": t("unit"),
            "progress_pct": st.column_config.ProgressColumn(t("progress"), format="%.0f%%", min_value=0, max_value=100),
            "required_cagr_pct": st.column_config.NumberColumn(t("required_growth"), format="%.2f%%"),
            "source": ui.source_column(),
        },
    )

"""One zone: its level, type, city and names, and every indicator over the years."""

import streamlit as st

from app import data, queries, ui
from app.i18n import t
from app.place_profile import render_profile

st.title(t("page_zone_profile"))

if ui.require("cmp_indicator_series", "dim_zones"):
    zones = data.query(queries.ZONES)
    if zones.is_empty():
        st.info(t("no_zones"))
    else:
        names = zones["zone_name"].to_list()
        wanted = st.query_params.get("zone")
        zone_name = st.selectbox(t("zone"), names, key="profile_zone",
                                 index=names.index(wanted) if wanted in names else 0)
        zone = zones.row(names.index(zone_name), named=True)
        # what neither the documents nor seeds/zones.csv say stays a dash
        for col, (label, column) in zip(st.columns(4), (("zone_level", "level"), ("zone_type", "zone_type"),
                                                        ("city", "city"), ("province", "province"))):
            col.metric(t(label), zone[column] if isinstance(zone[column], str) else "—")
        written = sorted(set(zone["names_written"]) | set(zone["aliases"]))
        st.caption(t("also_written", names="、".join(written)))
        render_profile(data.query(queries.ZONE_SERIES, (zone_name,)), ui.indicator_labels(),
                       ui.population_labels(), key="zone")

"""One zone: its level, type, city and names, and every indicator over the years."""

import streamlit as st

from app import data, queries, ui
from app.i18n import t
from app.profile import render_profile

st.title(t("page_zone_profile"))

if ui.require("cmp_indicator_series", "dim_zones"):
    zones = data.query(queries.ZONES)
    if zones.empty:
        st.info(t("no_zones"))
    else:
        names = zones["zone_name"].tolist()
        wanted = st.query_params.get("zone")
        zone_name = st.selectbox(t("zone"), names, key="profile_zone",
                                 index=names.index(wanted) if wanted in names else 0)
        zone = zones.set_index("zone_name").loc[zone_name]
        cols = st.columns(4)
        cols[0].metric(t("zone_level"), zone["level"] or "—")
        cols[1].metric(t("zone_type"), zone["zone_type"] or "—")
        cols[2].metric(t("city"), zone["city"] or "—")
        cols[3].metric(t("province"), zone["province"] or "—")
        written = sorted(set(zone["names_written"]) | set(zone["aliases"]))
        st.caption(t("also_written", names="、".join(written)))
        render_profile(data.query(queries.ZONE_SERIES, (zone_name,)), ui.indicator_labels(),
                       ui.population_labels(), key="zone")

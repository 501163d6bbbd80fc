"""One province: every indicator over the years, with sources and disagreements."""

import streamlit as st

from app import data, queries, ui
from app.i18n import t
from app.place_profile import render_profile

st.title(t("page_province_profile"))

if ui.require("cmp_indicator_series", "dim_regions"):
    regions = data.query(queries.REGIONS)["full_name"].to_list()
    region = st.selectbox(t("filter_region"), regions, key="profile_region",
                          index=regions.index(st.query_params["region"]) if st.query_params.get("region") in regions else 0)
    render_profile(data.query(queries.PROVINCE_SERIES, (region,)), ui.indicator_labels(), ui.population_labels(),
                   key="province")

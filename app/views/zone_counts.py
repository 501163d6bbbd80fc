"""Zone counts by province: national and provincial, with their sources."""

import plotly.express as px
import streamlit as st

from app import data

st.title("开发区数量 Development zones by province")
frame = data.query("select * from cmp_zone_counts order by total desc nulls last")
if frame.empty:
    st.info("暂无数据 No zone counts published yet.")
else:
    long = frame.melt(
        id_vars=["region"], value_vars=["national", "provincial"], var_name="level", value_name="zones"
    ).dropna()
    chart = px.bar(long, x="region", y="zones", color="level", barmode="stack",
                   labels={"region": "省份", "zones": "开发区数量", "level": "级别"})
    st.plotly_chart(chart, use_container_width=True)
    st.dataframe(frame, hide_index=True)

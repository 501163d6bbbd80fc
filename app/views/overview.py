"""Overview: what is in the warehouse and when it was last refreshed."""

import streamlit as st

from app import data

st.title("开发区统计 zonestats")
counts = data.query(
    """
    select
        (select count(*) from dim_documents where status = 'live') as documents,
        (select count(*) from fct_figures) as figures,
        (select count(distinct region) from fct_figures where region is not null) as provinces
    """
)
published = (data.publish_status().get("published") or {}).get("published_at", "—")
cols = st.columns(4)
if not counts.empty:
    row = counts.iloc[0]
    cols[0].metric("文件 Documents", int(row.documents))
    cols[1].metric("数据点 Figures", int(row.figures))
    cols[2].metric("省份 Provinces", int(row.provinces))
cols[3].metric("最近发布 Last refresh", published)

st.subheader("最新数据 Latest figures")
st.dataframe(
    data.query(
        "select region, subject, text, metric, period, kind, doc_id, start, \"end\" "
        "from fct_figures order by extracted_at desc, doc_id, start limit 50"
    ),
    hide_index=True,
)

"""zonestats app: entry point. Pages live in app/views, one module each."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run app/streamlit_app.py` puts app/ on the path, not the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import data  # noqa: E402

st.set_page_config(page_title="zonestats 开发区统计", page_icon="📊", layout="wide")

pages = [
    st.Page("views/overview.py", title="概览 Overview", icon="🏠", default=True),
    st.Page("views/zone_counts.py", title="开发区数量 Zone counts", icon="🏭"),
]

status = data.publish_status()
attempt = status.get("last_attempt") or {}
if attempt and not attempt.get("ok"):
    st.warning(f"最新构建未发布 The latest build was not published ({attempt.get('at')}): {attempt.get('reason')}")
if data.warehouse_version() is None:
    st.info("仓库尚未发布 No warehouse has been published yet: drop documents into the inbox.")

st.navigation(pages).run()

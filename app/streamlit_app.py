"""zonestats app: entry point. Pages live in app/views, one module each."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run app/streamlit_app.py` puts app/ on the path, not the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import auth, data, i18n  # noqa: E402
from app.i18n import t  # noqa: E402

st.set_page_config(page_title="zonestats 开发区统计", page_icon=":material/bar_chart:", layout="wide")

st.sidebar.toggle(t("english"), key=i18n.LANG_KEY)

pages = [
    st.Page("views/overview.py", title=t("page_overview"), icon=":material/home:", default=True),
    st.Page("views/provinces.py", title=t("page_provinces"), icon=":material/factory:", url_path="provinces"),
    st.Page("views/province.py", title=t("page_province_profile"), icon=":material/map:",
            url_path="province"),
    st.Page("views/zone.py", title=t("page_zone_profile"), icon=":material/location_city:", url_path="zone"),
    st.Page("views/targets.py", title=t("page_targets"), icon=":material/flag:", url_path="targets"),
    st.Page("views/unmapped.py", title=t("page_unmapped"), icon=":material/help:", url_path="unmapped"),
    st.Page("views/documents.py", title=t("page_documents"), icon=":material/description:", url_path="documents"),
    st.Page("views/figures.py", title=t("page_figures"), icon=":material/table_rows:", url_path="figures"),
    st.Page("views/quality.py", title=t("page_quality"), icon=":material/verified:", url_path="quality"),
]
# pages that change data, and the SQL console, only for those allowed (app/auth.py)
auth.sidebar()
if auth.may("analyst"):
    pages += [
        st.Page("views/sql.py", title=t("page_sql"), icon=":material/terminal:", url_path="sql"),
        st.Page("views/upload.py", title=t("page_upload"), icon=":material/upload_file:", url_path="upload"),
        st.Page("views/review.py", title=t("page_review"), icon=":material/rate_review:", url_path="review"),
    ]
if auth.may("admin"):
    pages.append(st.Page("views/users.py", title=t("page_users"), icon=":material/group:", url_path="users"))

# The validation status of the published warehouse, on every page.
attempt = data.publish_status().get("last_attempt") or {}
if attempt and not attempt.get("ok"):
    st.warning(t("not_published", at=attempt.get("at"), reason=attempt.get("reason")), icon=":material/warning:")
if data.warehouse_version() is None:
    st.info(t("no_warehouse"))
summary = data.validation_summary()
if summary is not None:
    if summary["blocking_failures"]:
        st.sidebar.error(t("validation_failed", n=int(summary["blocking_failures"])))
    else:
        st.sidebar.success(t("validation_ok", at=f"{summary['validated_at']:%Y-%m-%d %H:%M}"))

st.navigation(pages).run()

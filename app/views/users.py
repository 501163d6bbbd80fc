"""Accounts (admins only): who may sign in, with which role; add one or reset its password.

The same rules as ``zonestats users add`` (zonestats/users.py); the change is attributed
to the signed-in admin.
"""

import polars as pl
import streamlit as st

from app import auth, data
from app.i18n import t
from zonestats import users

admin = auth.require("admin")
st.title(t("page_users"))
st.dataframe(pl.DataFrame(users.list_users(data.settings())), hide_index=True)

with st.form("add_user", clear_on_submit=True):
    st.subheader(t("add_user"))
    name = st.text_input(t("user_name"), key="new_user_name")
    role = st.selectbox(t("role"), users.ROLES, key="new_user_role")
    password = st.text_input(t("password"), type="password", key="new_user_password")
    if st.form_submit_button(t("add_user"), type="primary"):
        try:
            users.add_user(data.settings(), name.strip(), role, password, by=admin.name)
        except users.UserError as err:
            st.error(str(err))
        else:
            st.success(t("user_saved", name=name))

"""Who is signed in to this browser session, and what they may do.

Viewers (nobody signed in) read every page. Pages that change data — upload,
review/corrections — and the SQL console need an analyst; managing accounts needs an
admin (:mod:`zonestats.users` holds the accounts and the rules). The signed-in account
lives in the Streamlit session only, with an expiry: a session left open signs itself
out after :func:`session_seconds` (``ZONESTATS_SESSION_MINUTES``, 8 hours by default).
"""

from __future__ import annotations

import os
import time

import streamlit as st

from app import data
from app.i18n import t
from zonestats import users
from zonestats.users import User

SESSION_KEY = "zs_signed_in"  # (User, expires at: time.time() seconds)


def session_seconds() -> float:
    return float(os.environ.get("ZONESTATS_SESSION_MINUTES", "480")) * 60


def current_user() -> User | None:
    """The signed-in account, or None (never signed in, signed out, or expired)."""
    signed_in = st.session_state.get(SESSION_KEY)
    if signed_in is None:
        return None
    user, expires_at = signed_in
    if time.time() >= expires_at:
        del st.session_state[SESSION_KEY]
        st.session_state["zs_expired"] = True
        return None
    return user


def may(role: str) -> bool:
    user = current_user()
    return user is not None and user.may(role)


def require(role: str) -> User:
    """The page's user if they hold ``role``; otherwise say so and stop the page.

    The navigation already hides these pages from viewers; this also covers a page
    reached by its URL, or a session that expired while the page was open.
    """
    user = current_user()
    if user is None or not user.may(role):
        st.warning(t("sign_in_needed", role=role), icon=":material/lock:")
        st.stop()
    return user


def sign_in(name: str, password: str) -> str | None:
    """Check the password and start a session; the error to show, or None when signed in."""
    try:
        user = users.authenticate(data.settings(), name.strip(), password)
    except users.TooManyAttempts as err:
        return t("too_many_attempts", seconds=int(err.wait_seconds) + 1)
    if user is None:
        return t("wrong_password")
    st.session_state[SESSION_KEY] = (user, time.time() + session_seconds())
    st.session_state.pop("zs_expired", None)
    return None


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)


def sidebar() -> None:
    """Sign-in form (submits on Enter) or the signed-in account with a sign-out button."""
    user = current_user()
    with st.sidebar:
        if user is not None:
            st.caption(t("signed_in_as", name=user.name, role=user.role))
            if st.button(t("sign_out"), key="sign_out"):
                sign_out()
                st.rerun()
            return
        if st.session_state.get("zs_expired"):
            st.info(t("session_expired"))
        with st.expander(t("sign_in"), expanded=False):
            with st.form("sign_in_form", clear_on_submit=True):
                name = st.text_input(t("user_name"), key="sign_in_name")
                password = st.text_input(t("password"), type="password", key="sign_in_password")
                submitted = st.form_submit_button(t("sign_in"))
            if submitted:
                error = sign_in(name, password)
                if error is None:
                    st.rerun()  # the navigation now holds the analyst's pages
                st.error(error)

"""The one module that reads the warehouse for the app.

Only the published file is opened, read-only. Every cached query is keyed by the
published file's identity (inode + mtime), so a new publish shows up on the next
rerun without a restart, and the build file is never touched.
"""

from __future__ import annotations

import os
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from zonestats.settings import get_settings
from zonestats.warehouse import read_status

SETTINGS = get_settings()


def warehouse_version() -> str | None:
    """Identity of the currently published file; None before the first publish."""
    try:
        stat = os.stat(SETTINGS.published_db)
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}"


@st.cache_data(show_spinner=False, max_entries=256)
def _query(sql: str, params: tuple[Any, ...], version: str) -> pd.DataFrame:
    with duckdb.connect(str(SETTINGS.published_db), read_only=True) as con:
        return con.execute(sql, list(params)).df()


def query(sql: str, params: tuple[Any, ...] = ()) -> pd.DataFrame:
    """Run a read-only query against the published warehouse (cached per publish)."""
    version = warehouse_version()
    if version is None:
        return pd.DataFrame()
    return _query(sql, params, version)


def publish_status() -> dict[str, Any]:
    return read_status(SETTINGS)

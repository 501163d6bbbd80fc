"""The build file and the published file: one writer, many readers, atomic swaps.

dbt writes ``warehouse/build/zonestats.duckdb``. After validation passes,
:func:`publish` checkpoints it and copies it next to the published file, then
``os.replace`` swaps the copy in. Readers open the published file read-only: a reader
that opened the old file keeps reading the old inode, a new reader gets the new one,
and nobody ever sees a half-built or failed build.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from zonestats.settings import Settings


@dataclass(frozen=True)
class PublishResult:
    published_at: str
    documents: int
    figures: int
    # when the newest figure row of this build was loaded: the rows loaded later are the
    # ones a streaming build's validation has to check (zonestats.validation.run_suites)
    figures_loaded_through: str | None = None


def build_connection(settings: Settings) -> duckdb.DuckDBPyConnection:
    """Open the build file for writing (only pipeline steps in the build pool do this)."""
    settings.build_db.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(settings.build_db))


def recover_build(settings: Settings) -> str:
    """Make sure the build file opens; after a crash, restart it from the published copy.

    DuckDB replays its WAL on open, so a killed dbt run normally leaves a usable file.
    If it does not open, the last published (validated) warehouse is the best base:
    incremental models then only redo what changed since.
    """
    if not settings.build_db.exists():
        return "absent"
    try:
        duckdb.connect(str(settings.build_db)).close()
        return "ok"
    except duckdb.Error:
        for path in (settings.build_db, settings.build_db.with_name(settings.build_db.name + ".wal")):
            path.unlink(missing_ok=True)
        if settings.published_db.exists():
            shutil.copyfile(settings.published_db, settings.build_db)
            return "restored from published"
        return "reset"


def publish(settings: Settings) -> PublishResult:
    """Checkpoint the build file and atomically swap a copy of it into the published path."""
    with build_connection(settings) as con:
        con.execute("CHECKPOINT")
        documents = _scalar(con, "select count(*) from dim_documents where status = 'live'") or 0
        figures = _scalar(con, "select count(*) from fct_figures") or 0
        newest_load = _scalar(con, "select max(loaded_at) from fct_figures")
        loaded_through = newest_load.isoformat() if newest_load is not None else None
    target = settings.published_db
    for stale in target.parent.glob(".publish-*"):  # left by a publish that was killed
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".publish-", suffix=".duckdb", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(settings.build_db, tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    result = PublishResult(published_at=now, documents=documents, figures=figures, figures_loaded_through=loaded_through)
    _update_status(settings, published={**result.__dict__}, last_attempt={"at": now, "ok": True, "reason": None})
    return result


def record_failed_build(settings: Settings, reason: str) -> None:
    """Note that the latest build was not published, and why (the app shows a banner)."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _update_status(settings, last_attempt={"at": now, "ok": False, "reason": reason})


def read_status(settings: Settings) -> dict[str, Any]:
    try:
        return json.loads(settings.publish_status.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def connect_published(settings: Settings) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (what analysts and the app use)."""
    return duckdb.connect(str(settings.published_db), read_only=True)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The query's one value, or None when the build lacks its table."""
    try:
        return con.execute(sql).fetchone()[0]
    except duckdb.Error:
        return None


def _update_status(settings: Settings, **fields: Any) -> None:
    status = read_status(settings) | fields
    settings.publish_status.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".status-", dir=settings.publish_status.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(status, handle, ensure_ascii=False, indent=2)
    os.replace(tmp, settings.publish_status)

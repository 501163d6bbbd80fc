"""What state the installation is in, for ``zonestats status`` and the app."""

from __future__ import annotations

from typing import Any

import duckdb

from zonestats.settings import Settings
from zonestats.state import PLACEHOLDER, read_rows
from zonestats.validation.holds import held_documents
from zonestats.warehouse import connect_published, read_status


def quarantined(settings: Settings) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(settings.quarantine_dir.glob("*.parquet")):
        if path.name != PLACEHOLDER:
            rows.extend(read_rows(path))
    return rows


def active_runs(settings: Settings) -> list[str]:
    """Runs queued or in progress, from the Dagster instance (empty if none exists yet)."""
    if not (settings.dagster_home / "dagster.yaml").exists():
        return []
    import dagster as dg

    active = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(statuses=active), limit=10)
        return [f"{r.job_name} {r.run_id[:8]} {r.status.value}" for r in runs]


def collect_status(settings: Settings) -> dict[str, Any]:
    info: dict[str, Any] = {"home": settings.home, "inbox files": sum(1 for _ in settings.inbox.glob("*")) if settings.inbox.exists() else 0}
    if settings.published_db.exists():
        try:
            with connect_published(settings) as con:
                info["documents (live)"] = con.execute("select count(*) from dim_documents where status = 'live'").fetchone()[0]
                info["figures"] = con.execute("select count(*) from fct_figures").fetchone()[0]
        except duckdb.Error as err:
            info["published warehouse"] = f"unreadable: {err}"
    else:
        info["published warehouse"] = "not yet published"
    status = read_status(settings)
    published = status.get("published") or {}
    info["last publish"] = published.get("published_at", "never")
    attempt = status.get("last_attempt") or {}
    if attempt and not attempt.get("ok"):
        info["last build NOT published"] = f"{attempt.get('at')}: {attempt.get('reason')}"
    q = quarantined(settings)
    info["quarantined"] = len(q)
    for row in q[:20]:
        info[f"  ✘ {row['file_name']}"] = f"{row['stage']}: {row['reason']}"
    held = held_documents(settings)
    info["held back by validation"] = len(held)
    for doc in held[:20]:
        info[f"  ⏸ {doc['file_name'] or doc['doc_id']}"] = f"{doc['doc_id']} since {doc['held_at']:%Y-%m-%d %H:%M:%S}: {doc['reason']}"
    runs = active_runs(settings)
    info["runs in progress"] = ", ".join(runs) if runs else "none"
    return info

"""Run the pipeline synchronously in this process (first build, CLI, tests, benchmarks).

Does what the sensor does — scan the inbox, register new documents as partitions —
then executes the refresh job in process over the documents that need it, against
the same Dagster instance the webserver shows, so these runs appear in the UI too.
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg

from orchestration.definitions import defs
from orchestration.jobs import publish_job, refresh_job
from orchestration.partitions import documents_partitions
from orchestration.recovery import release_dead_runs
from orchestration.schedules import full_refresh_config
from orchestration.sensors import LISTING_TAG, listing_digest, partition_range_tags
from zonestats import corrections
from zonestats.documents import unprocessed
from zonestats.intake import scan_inbox
from zonestats.settings import Settings
from zonestats.state import ensure_state


@dataclass(frozen=True)
class RefreshResult:
    success: bool
    documents: int  # documents processed in this run
    run_id: str | None


def refresh_now(settings: Settings, instance: dg.DagsterInstance, full: bool = False) -> RefreshResult:
    """Bring the published warehouse up to date with the inbox, in one batched run."""
    ensure_state(settings)
    release_dead_runs(instance)  # a refresh killed earlier must not block this one
    scan = scan_inbox(settings)
    known = list(instance.get_dynamic_partitions(documents_partitions.name))
    new_keys = sorted(scan.doc_ids - set(known))
    if new_keys:
        instance.add_dynamic_partitions(documents_partitions.name, new_keys)
    ordered = known + new_keys
    listing = {LISTING_TAG: listing_digest(scan, corrections.stamp(settings))}  # the sensor then knows this listing is published
    wanted = set(ordered) if full else unprocessed(settings, scan.doc_ids)
    # the terminal shows progress (INFO: steps, dbt's lines); Dagster's DEBUG events stay in the UI
    quiet = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    if wanted:
        job = defs.resolve_job_def(refresh_job.name)
        result = job.execute_in_process(
            instance=instance,
            tags=partition_range_tags(ordered, wanted) | listing,
            run_config=(full_refresh_config() if full else {}) | quiet,
            raise_on_error=False,
        )
    else:
        result = defs.resolve_job_def(publish_job.name).execute_in_process(
            instance=instance, tags=listing, run_config=quiet, raise_on_error=False
        )
    return RefreshResult(success=result.success, documents=len(wanted), run_id=result.run_id)

"""Which run the inbox needs now, and running it in this process against the instance.

One rule serves the stream worker (after each burst of file events) and
``orchestration/runner.py`` (``zonestats refresh``, ``zonestats run``'s first build): scan the inbox, then — unless a run is
already active — ONE ``refresh`` run over every document still lacking outputs, or a
``rebuild`` (dbt, checks, publish) when only removals or renames happened. A burst of
200 files is one run and one dbt build.

Nothing is lost across restarts: "pending" is derived from the files on disk (a
document without figures or a quarantine record), and each run carries the inbox
listing's digest as a tag. A listing counts as published only when the newest run is a
successful one for that very listing, so a run that died after processing its
documents but before publishing (killed worker, crash in dbt) is followed by a
rebuild, while a listing whose runs failed ``MAX_ATTEMPTS`` times is left alone until
the inbox changes (a build failing validation does not loop).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import dagster as dg

from orchestration.jobs import publish_job, refresh_job
from orchestration.recovery import release_dead_runs
from zonestats.documents import unprocessed
from zonestats.intake import InboxScan, scan_inbox
from zonestats.settings import Settings
from zonestats.state import ensure_state

LISTING_TAG = "zonestats/listing"
DOCUMENTS_TAG = "zonestats/documents"
MAX_ATTEMPTS = 3

_ACTIVE = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
# the terminal shows progress (INFO: steps, dbt's lines); Dagster's DEBUG events stay in the UI
_QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


@dataclass(frozen=True)
class RunPlan:
    """A run to execute (``job_name`` set) or the reason there is none."""

    job_name: str | None
    tags: dict[str, str] = field(default_factory=dict)
    pending: int = 0
    skip_reason: str | None = None
    # another run is active: look again once it is over
    waiting: bool = False


def listing_digest(scan: InboxScan) -> str:
    listing = "\n".join(sorted(f"{f.path}\t{f.doc_id}" for f in scan.files))
    return hashlib.sha256(listing.encode()).hexdigest()[:16]


def plan_run(settings: Settings, instance: dg.DagsterInstance, always: bool = False) -> RunPlan:
    """The run the inbox needs now, if any (what the inbox sensor used to decide each tick).

    ``always`` plans a run whatever the state (``zonestats refresh``): a rebuild when
    nothing is pending, even with another run active or after failed attempts.
    """
    ensure_state(settings)
    release_dead_runs(instance)  # a run killed earlier must not block this one
    active = _latest_run(instance, statuses=_ACTIVE)
    if active and not always:
        return RunPlan(None, skip_reason=f"waiting for run {active.run_id[:8]} to finish", waiting=True)
    scan = scan_inbox(settings)
    digest = listing_digest(scan)
    pending = unprocessed(settings, scan.doc_ids)
    if not always:
        latest = _latest_run(instance)
        published = latest is not None and latest.status == dg.DagsterRunStatus.SUCCESS
        if not pending and published and latest.tags.get(LISTING_TAG) == digest:
            return RunPlan(None, skip_reason="inbox unchanged")
        failed = instance.get_runs_count(
            filters=dg.RunsFilter(tags={LISTING_TAG: digest}, statuses=[dg.DagsterRunStatus.FAILURE])
        )
        if failed >= MAX_ATTEMPTS:
            return RunPlan(None, skip_reason=f"gave up on this inbox listing after {failed} failed runs; see the run logs")
    tags = {LISTING_TAG: digest}
    if pending:
        return RunPlan(refresh_job.name, tags | {DOCUMENTS_TAG: str(len(pending))}, pending=len(pending))
    return RunPlan(publish_job.name, tags)


def execute(plan: RunPlan, instance: dg.DagsterInstance, run_config: dict | None = None) -> dg.ExecuteInProcessResult:
    """Run ``plan`` in this process, recorded in ``instance`` (runs, checks and lineage in the UI)."""
    from orchestration.definitions import defs  # the definitions import the jobs this module names

    job = defs.resolve_job_def(plan.job_name)
    return job.execute_in_process(
        instance=instance, tags=plan.tags, run_config=(run_config or {}) | _QUIET, raise_on_error=False
    )


def _latest_run(instance: dg.DagsterInstance, **filters) -> dg.DagsterRun | None:
    """The newest run matching ``filters``, of any job: in this code location every job
    (refresh, rebuild, a materialization started from the UI) writes the warehouse."""
    runs = instance.get_runs(filters=dg.RunsFilter(**filters), limit=1)
    return runs[0] if runs else None

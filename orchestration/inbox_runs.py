"""Which run the inbox needs now, and running it in this process against the instance.

One rule serves the stream worker (after each burst of file events) and
``orchestration/runner.py`` (``zonestats refresh``, ``zonestats run``'s first build):
scan the inbox, then — unless a run is already active (a ``fetch_sources`` run only
writes the inbox and does not count) — ONE ``refresh`` run over every document still
lacking outputs, or a ``rebuild`` (dbt, checks, publish) when only removals, renames, a
web page gone or a correction happened. A burst of 200 files is one run and one dbt
build.

Nothing is lost across restarts: "pending" is derived from the files on disk (a
document without figures or a quarantine record), and each run carries as a tag the
digest of the inbox listing, web sources' provenance and the corrections present. A
listing counts as published only when the newest run is a successful one for that very
listing, so a run that died after processing its
documents but before publishing (killed worker, crash in dbt) is followed by a
rebuild, while a listing whose runs failed ``MAX_ATTEMPTS`` times is left alone until
the inbox changes (a build failing validation does not loop).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import dagster as dg

from orchestration.assets.sources import fetch_sources_job
from orchestration.jobs import publish_job, refresh_job
from orchestration.recovery import release_dead_runs
from zonestats import corrections
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
# fetches of web sources between two warehouse runs that the plan looks past (the newest
# fetches are a handful: one per cron of sources.yml, each minutes apart at least)
_FETCHES_LOOKED_PAST = 20
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


def listing_digest(scan: InboxScan, corrections_stamp: str = "") -> str:
    """The inbox listing, web sources' provenance and the corrections present
    (``zonestats.corrections.stamp``): a page gone or a new correction is a new listing,
    so it is built and published like a document."""
    lines = sorted(f"{f.path}\t{f.doc_id}" for f in scan.files)
    if scan.provenance:  # web sources' provenance (a page gone) changes what a build shows
        lines.append(f"provenance\t{scan.provenance}")
    if corrections_stamp:
        lines.append(corrections_stamp)
    listing = "\n".join(lines)
    return hashlib.sha256(listing.encode()).hexdigest()[:16]


def plan_run(settings: Settings, instance: dg.DagsterInstance, always: bool = False) -> RunPlan:
    """The run the inbox needs now, if any (what the inbox sensor used to decide each tick).

    ``always`` plans a run whatever the state (``zonestats refresh``): a rebuild when
    nothing is pending, even with another run active or after failed attempts.
    """
    ensure_state(settings)
    release_dead_runs(instance)  # a run killed earlier must not block this one
    active = _latest_warehouse_run(instance, statuses=_ACTIVE)
    if active and not always:
        return RunPlan(None, skip_reason=f"waiting for run {active.run_id[:8]} to finish", waiting=True)
    scan = scan_inbox(settings)
    digest = listing_digest(scan, corrections.stamp(settings))
    pending = unprocessed(settings, scan.doc_ids)
    if not always:
        latest = _latest_warehouse_run(instance)
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


def _latest_warehouse_run(instance: dg.DagsterInstance, **filters) -> dg.DagsterRun | None:
    """The newest run matching ``filters`` that writes the warehouse: every job of this
    code location (refresh, rebuild, a materialization started from the UI) but a fetch
    of web sources, which only writes inbox files (this plan's input)."""
    runs = instance.get_runs(filters=dg.RunsFilter(**filters), limit=_FETCHES_LOOKED_PAST + 1)
    return next((run for run in runs if run.job_name != fetch_sources_job.name), None)

"""The inbox sensor: new files become partitions and one batched run.

Each tick scans the inbox (cheap when nothing changed), registers unseen documents as
partitions, and — when no refresh is already running — requests one run over the
range of documents that still lack outputs. A burst therefore becomes a few batched
runs rather than one per file, and at most one run writes the warehouse at a time.

Nothing is lost across restarts: "pending" is derived from the files on disk (a
document without figures or quarantine record), not from memory. The cursor remembers
which inbox listing was last handed to a run, and that run carries the listing as a
tag; a listing counts as done only once a run for it succeeded. So a run that died
after processing its documents but before publishing (killed daemon, crash in dbt) is
requested again, while one whose validation failed is retried at most
``MAX_ATTEMPTS`` times, so a bad build does not loop.
"""


import functools
import hashlib
import json

import dagster as dg
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
from dagster._serdes import deserialize_value, serialize_value

from orchestration.assets.sources import fetch_sources_job
from orchestration.jobs import publish_job, refresh_job
from orchestration.partitions import documents_partitions
from orchestration.recovery import release_dead_runs
from zonestats import corrections
from zonestats.documents import unprocessed
from zonestats.intake import InboxScan, scan_inbox
from zonestats.settings import Settings
from zonestats.state import ensure_state

LISTING_TAG = "zonestats/listing"
MAX_ATTEMPTS = 3
# A run whose worker died stays STARTED for ever with the default run launcher (it has
# no worker health check); run monitoring fails it after this long, which frees the
# sensor (it waits for active runs) and the run's pool slot.
MAX_RUNTIME_SECONDS = 3600

_ACTIVE = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


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


def partition_range_tags(ordered_keys: list[str], wanted: set[str]) -> dict[str, str]:
    """Tags for a single run over the smallest contiguous range holding every wanted key."""
    positions = [i for i, key in enumerate(ordered_keys) if key in wanted]
    return {
        ASSET_PARTITION_RANGE_START_TAG: ordered_keys[positions[0]],
        ASSET_PARTITION_RANGE_END_TAG: ordered_keys[positions[-1]],
    }


@dg.sensor(
    jobs=[refresh_job, publish_job],
    minimum_interval_seconds=1,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    """Evaluated every second in the code server.

    It takes no resources and opens its instance once per process (:func:`_instance`):
    for each evaluation Dagster would otherwise open a new instance (for the resources
    too), and checking the schemas of its SQLite files (alembic, per run's file as well)
    cost ≈0.2 s of CPU per tick, a sixth of a core at one tick a second. The installation
    is the environment's, as for the ``ZonestatsHome`` resource left unset.
    """
    instance = _instance(context)
    for run_id in release_dead_runs(instance):
        context.log.warning(f"run {run_id} had died with its process; marked failed, pool slot freed")
    # a fetch of web sources only writes inbox files (this sensor's input), not the warehouse
    active = next((r for r in instance.get_runs(filters=dg.RunsFilter(statuses=_ACTIVE))
                   if r.job_name != fetch_sources_job.name), None)
    if active:
        # checked before the scan: ticks during a run then cost it almost nothing, and
        # what arrives meanwhile is registered by the first tick after it
        return dg.SensorResult(skip_reason=f"waiting for run {active.run_id[:8]} to finish")
    settings = Settings.from_env()
    ensure_state(settings)
    scan = scan_inbox(settings)
    known = list(instance.get_dynamic_partitions(documents_partitions.name))
    known_set = set(known)
    new_keys = sorted(scan.doc_ids - known_set)
    partition_requests = [documents_partitions.build_add_request(new_keys)] if new_keys else []

    cursor = json.loads(context.cursor) if context.cursor else {}
    digest = listing_digest(scan, corrections.stamp(settings))
    pending = unprocessed(settings, scan.doc_ids)

    def skip(reason: str) -> dg.SensorResult:
        return dg.SensorResult(dynamic_partitions_requests=partition_requests, skip_reason=reason)

    attempts = 0
    last = _latest_run(instance, tags={LISTING_TAG: digest})
    # the newest run published this very listing (e.g. `zonestats run`'s first refresh)
    if not pending and last is not None and last.status == dg.DagsterRunStatus.SUCCESS and (
        cursor.get("requested") == digest or _latest_run(instance).run_id == last.run_id
    ):
        return skip("inbox unchanged")
    if cursor.get("requested") == digest:
        attempts = instance.get_runs_count(filters=dg.RunsFilter(tags={LISTING_TAG: digest}))
        if attempts >= MAX_ATTEMPTS:
            return skip(f"gave up on this inbox listing after {attempts} failed runs; see the run logs")

    tags = {LISTING_TAG: digest, "dagster/max_runtime": str(MAX_RUNTIME_SECONDS)}
    if pending:
        tags |= partition_range_tags(known + new_keys, pending) | {"zonestats/documents": str(len(pending))}
        run = dg.RunRequest(job_name=refresh_job.name, tags=tags)
    else:
        run = dg.RunRequest(job_name=publish_job.name, tags=tags)
    context.log.info(f"requesting {run.job_name} for {len(pending)} new documents (attempt {attempts + 1})")
    return dg.SensorResult(
        run_requests=[run],
        dynamic_partitions_requests=partition_requests,
        cursor=json.dumps({"requested": digest, "ticks": cursor.get("ticks", 0) + 1}),
    )


def _instance(context: dg.SensorEvaluationContext) -> dg.DagsterInstance:
    """The evaluation's instance: the one a test built the context around, else one per
    process for the instance reference the daemon sends."""
    ref = context.instance_ref
    return context.instance if ref is None else _instance_for(serialize_value(ref))


@functools.cache
def _instance_for(serialized_ref: str) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_ref(deserialize_value(serialized_ref, InstanceRef))


def _latest_run(instance: dg.DagsterInstance, **filters) -> dg.DagsterRun | None:
    """The newest run matching ``filters``, of any job: in this code location every job
    (refresh, rebuild, a materialization started from the UI) writes the warehouse."""
    runs = instance.get_runs(filters=dg.RunsFilter(**filters), limit=1)
    return runs[0] if runs else None

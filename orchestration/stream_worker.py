"""The stream worker: waits for files in the inbox and publishes them, in one warm process.

A long-lived process (``python -m orchestration.stream_worker``, started by ``zonestats
run``) that

- loads the definitions, Great Expectations and the parsed dbt project once at start
  (:func:`warm_up`), so a run starts in well under a second instead of paying ≈13 s of
  imports in a fresh run worker;
- sleeps on filesystem events from the inbox (watchdog: inotify on Linux), so an idle
  installation costs nothing — no polling, no code server reloaded every minute;
- after a burst of events settles, plans a run (``orchestration/inbox_runs.py``) and
  executes the asset job in this process against the Dagster instance
  (``execute_in_process(instance=DagsterInstance.get())``), so runs, asset checks and
  lineage appear in the UI as for any other run.

Dagster's daemon still runs the schedules and the runs started from the UI (in their own
processes, Dagster's default launcher). Every step that writes the build file is in the
``duckdb_build`` pool, and the worker waits while another run is active.

What this gives up: a run that crashes the interpreter takes the worker with it;
``zonestats run`` notices the dead process, and ``orchestration/recovery.py`` fails the
run (its RUN_START pid is gone) and frees its pool slot when the next worker starts.
"""

from __future__ import annotations

import logging
import os
import threading

import dagster as dg
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from orchestration.inbox_runs import RunPlan, execute, plan_run
from zonestats.settings import Settings

log = logging.getLogger("zonestats.stream_worker")
WARM_MESSAGE = "warm: definitions, Great Expectations and the dbt project are loaded"
READY_MESSAGE = "watching the inbox"

# wait this long after an event for more: a burst (a folder copied in) becomes one run
SETTLE_SECONDS = 0.1
# while a run from elsewhere (UI, schedule) is active, look again this often
ACTIVE_RUN_RECHECK_SECONDS = 5.0
# a full look at the inbox this often even without events (an overflowed inotify queue,
# a network file system that sends none): the only wake-up of an idle worker
RESCAN_SECONDS = 600.0

# what changes an inbox listing; opening or reading a file (our own scan does) does not
_CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})


class InboxEvents(FileSystemEventHandler):
    """Sets ``changed`` on events that can change the inbox listing.

    Hidden files are ignored (``write_to_inbox`` writes ``.name`` temp files and renames
    them: the rename's destination counts)."""

    def __init__(self) -> None:
        self.changed = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or event.is_directory and event.event_type == "modified":
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(path and not os.path.basename(os.fsdecode(path)).startswith(".") for path in paths):
            self.changed.set()


def warm_up(settings: Settings) -> None:
    """Import what runs need and parse the dbt project, so the first run starts warm."""
    import great_expectations  # noqa: F401

    from orchestration.definitions import defs

    defs.resources["dbt"].warm_up(settings)
    log.info(WARM_MESSAGE)


def run_pending(settings: Settings, instance: dg.DagsterInstance) -> RunPlan:
    """Plan and execute what the inbox needs now; the plan says what happened."""
    plan = plan_run(settings, instance)
    if plan.job_name is None:
        log.info("no run: %s", plan.skip_reason)
        return plan
    log.info("running %s for %d new documents", plan.job_name, plan.pending)
    result = execute(plan, instance)
    log.info("run %s %s", result.run_id[:8], "succeeded" if result.success else "failed")
    return plan


def serve(settings: Settings, instance: dg.DagsterInstance, stop: threading.Event) -> None:
    """Run what the inbox needs whenever it changes, until ``stop`` is set."""
    settings.inbox.mkdir(parents=True, exist_ok=True)
    events = InboxEvents()
    observer = Observer()
    observer.schedule(events, str(settings.inbox), recursive=True)
    observer.start()
    log.info(READY_MESSAGE)
    events.changed.set()  # what arrived while no worker ran
    try:
        while not stop.is_set():
            if not events.changed.wait(timeout=RESCAN_SECONDS) and stop.is_set():
                break
            if stop.wait(SETTLE_SECONDS):
                break
            events.changed.clear()
            plan = run_pending(settings, instance)
            if plan.waiting:  # another run is active: its end sends no file event
                stop.wait(ACTIVE_RUN_RECHECK_SECONDS)
                events.changed.set()
            elif plan.job_name is not None:
                events.changed.set()  # look again: what arrived during the run, or a retry
    finally:
        observer.stop()
        observer.join()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = Settings.from_env()
    settings.export_env()
    warm_up(settings)
    stop = threading.Event()
    try:
        with dg.DagsterInstance.get() as instance:
            serve(settings, instance, stop)
    except KeyboardInterrupt:  # SIGINT from `zonestats run`: the current run has ended or been interrupted
        stop.set()


if __name__ == "__main__":
    main()


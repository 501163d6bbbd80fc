"""The stream worker: waits for files in the inbox and publishes them, in one warm process.

A long-lived process (``python -m orchestration.stream_worker``, started by ``zonestats
run``) that

- loads the definitions, Great Expectations and the parsed dbt project once at start
  (:func:`warm_up`), so a run starts in well under a second instead of paying ≈13 s of
  imports in a fresh run worker;
- sleeps on filesystem events (watchdog: inotify on Linux) from the inbox, the
  corrections folder and web sources' provenance manifest, so an idle installation
  costs nothing — no polling, no code server reloaded every minute — while a drop, a
  ``zonestats correct`` or a web page gone is built and published within seconds;
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
from collections.abc import Callable

import dagster as dg
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from orchestration.inbox_runs import RunPlan, execute, plan_run
from zonestats.settings import Settings
from zonestats.sources.store import MANIFEST as SOURCES_MANIFEST

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


class InputEvents(FileSystemEventHandler):
    """Sets ``changed`` on events that can change what a build shows.

    ``wanted`` says which file names count in the folder watched (the intake folder holds
    the scan's own bookkeeping besides the web sources' manifest). Hidden files never count:
    ``write_to_inbox`` and the state writers write ``.name`` temp files and rename them, and
    the rename's destination counts."""

    def __init__(self, changed: threading.Event, wanted: Callable[[str], bool] = lambda name: True) -> None:
        self.changed, self.wanted = changed, wanted

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or event.is_directory and event.event_type == "modified":
            return
        names = [os.path.basename(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if any(not name.startswith(".") and self.wanted(name) for name in names):
            self.changed.set()


def watch(settings: Settings, changed: threading.Event) -> BaseObserver:
    """An observer that sets ``changed`` on what the run plan reads: the inbox (a drop), the
    corrections folder (``zonestats correct``) and web sources' provenance manifest (a
    page gone); the caller starts and stops it."""
    for folder in (settings.inbox, settings.corrections_dir, settings.intake_dir):
        folder.mkdir(parents=True, exist_ok=True)
    observer = Observer()
    observer.schedule(InputEvents(changed), str(settings.inbox), recursive=True)
    observer.schedule(InputEvents(changed, lambda name: name.endswith(".parquet")), str(settings.corrections_dir))
    observer.schedule(InputEvents(changed, lambda name: name == SOURCES_MANIFEST), str(settings.intake_dir))
    return observer


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
    changed = threading.Event()
    observer = watch(settings, changed)
    observer.start()
    log.info(READY_MESSAGE)
    changed.set()  # what arrived while no worker ran
    try:
        while not stop.is_set():
            if not changed.wait(timeout=RESCAN_SECONDS) and stop.is_set():
                break
            if stop.wait(SETTLE_SECONDS):
                break
            changed.clear()
            plan = run_pending(settings, instance)
            if plan.waiting:  # another run is active: its end sends no file event
                stop.wait(ACTIVE_RUN_RECHECK_SECONDS)
                changed.set()
            elif plan.job_name is not None:
                changed.set()  # look again: what arrived during the run, or a retry
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


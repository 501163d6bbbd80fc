"""Clean up after a killed pipeline process, so the next run is not blocked by the dead one.

A run whose process was killed (SIGKILL, OOM, a daemon stopped mid-run) stays STARTED
in the instance: nothing else marks it failed for runs executed in process (``zonestats
refresh``) or launched by the default run launcher, which has no worker health check.
Worse, it keeps the ``duckdb_build`` pool slot it claimed — Dagster frees slots of
finished runs only when ``free_slots_after_run_end_seconds`` is configured, and never
for a run still marked STARTED — so every later run waits for that slot for ever.

Every run records the pid of the process executing it in its RUN_START event; a STARTED
run whose process is gone is therefore dead, not slow. Runs on another host are not
ours to judge, but all zonestats runs execute on this machine.
"""

from __future__ import annotations

import dagster as dg
import psutil

_CREATE_TIME_SLACK = 1.0  # seconds between process start and its RUN_START event, at least


def release_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Fail STARTED runs whose process is gone and free pool slots held by finished runs.

    Returns the ids of the runs it failed. Cheap when nothing is wrong: one query for
    STARTED runs and one for slot holders.
    """
    failed: list[str] = []
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])):
        run = record.dagster_run
        pid = run_pid(instance, run.run_id)
        if pid is not None and not _alive(pid, started_at=record.start_time):
            instance.report_run_failed(run, f"the process running it (pid {pid}) is gone: killed or crashed")
            failed.append(run.run_id)
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        for run_id in storage.get_concurrency_run_ids():
            run = instance.get_run_by_id(run_id)
            if run is None or run.is_finished:
                storage.free_concurrency_slots_for_run(run_id)
    return failed


def run_pid(instance: dg.DagsterInstance, run_id: str) -> int | None:
    records = instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.RUN_START, limit=1
    ).records
    if not records or records[0].event_log_entry.dagster_event is None:
        return None
    return records[0].event_log_entry.dagster_event.pid


def _alive(pid: int, started_at: float | None) -> bool:
    """Whether ``pid`` is still the process that started the run (pids get reused)."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        return started_at is None or process.create_time() <= started_at + _CREATE_TIME_SLACK
    except psutil.NoSuchProcess:
        return False

"""The daemon runs our work in its own, already warm process.

Dagster's default launcher starts a fresh process for every run, which imports Dagster,
dagster-dbt, dbt, Great Expectations and our definitions, and parses the dbt project:
≈13 s on this 2-core machine before the first step of a one-document refresh runs,
longer than all of that refresh's work. Here the daemon, which dequeues the runs,
executes each one in a thread of its own process (Dagster's ``core_execute_run``, the
same call its run workers make), and the imports and the parsed dbt project are paid
once, when the daemon starts (:func:`warm_up`).

What this gives up, and why that is acceptable here:

- Isolation: a run that crashes the interpreter takes the daemon with it. Our runs are
  plain Python, DuckDB and dbt; ``orchestration/recovery.py`` fails a run whose process
  is gone (the pid in its RUN_START event) and frees its pool slot, so a restarted
  daemon carries on (tested in tests/test_stream_sensor.py).
- Termination: a thread cannot be killed, so ``terminate`` asks Dagster to cancel the
  run, which stops it at the next step boundary.

Two classes, both named in dagster.yaml: :class:`InProcessRunLauncher` executes the
runs; :class:`DaemonRunCoordinator` is Dagster's run queue with three changes in the
daemon (the queue is built when the daemon starts; the launcher only at the first
launch): the warm-up; runs the daemon itself submits (the sensor's, the schedule's) are
launched at once instead of waiting for the queue's next pass (up to a second); and a
shorter sensor loop — Dagster's sensor daemon sleeps up to 5 s between evaluations
whatever ``minimum_interval_seconds`` says, half the streaming target alone.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Mapping
from typing import Any

from dagster import get_dagster_logger
from dagster._config.config_schema import UserConfigSchema
from dagster._core.launcher import LaunchRunContext, RunLauncher
from dagster._core.run_coordinator import QueuedRunCoordinator, SubmitRunContext
from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus
from dagster._serdes import ConfigurableClass
from dagster._serdes.config_class import ConfigurableClassData
from typing_extensions import Self

# under Dagster's logger, so it reaches the daemon's log
log = get_dagster_logger("zonestats.daemon")
WARM_MESSAGE = "warm: definitions, Great Expectations and the dbt project are loaded"


SENSOR_LOOP_SECONDS = 0.5


class DaemonRunCoordinator(QueuedRunCoordinator):
    """Dagster's run queue, except for runs submitted in the daemon: those start at once.

    Runs from other processes (the UI, the GraphQL API) are queued as usual and the
    daemon's queue loop launches them, so every run executes in the daemon. The sensor
    never requests a run while another is active, and every step that writes the build
    file claims the ``duckdb_build`` pool slot, so skipping the queue's run limit for
    the daemon's own runs does not let two builds write at once.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if _in_daemon():
            _shorten_sensor_loop(SENSOR_LOOP_SECONDS)
            threading.Thread(target=warm_up, name="zonestats-warm-up", daemon=True).start()

    def submit_run(self, context: SubmitRunContext) -> DagsterRun:
        run = context.dagster_run
        if not _in_daemon() or run.status != DagsterRunStatus.NOT_STARTED:
            return super().submit_run(context)
        # what Dagster's DefaultRunCoordinator does: launch now, in this process
        self._instance.launch_run(run.run_id, context.workspace)
        return self._instance.get_run_by_id(run.run_id) or run


class InProcessRunLauncher(RunLauncher, ConfigurableClass):
    """Executes runs in threads of the launching (daemon) process."""

    def __init__(self, inst_data: ConfigurableClassData | None = None):
        self._inst_data = inst_data
        self._threads: dict[str, threading.Thread] = {}
        super().__init__()

    @property
    def inst_data(self) -> ConfigurableClassData | None:
        return self._inst_data

    @classmethod
    def config_type(cls) -> UserConfigSchema:
        return {}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData, config_value: Mapping[str, Any]) -> Self:
        return cls(inst_data=inst_data)

    def launch_run(self, context: LaunchRunContext) -> None:
        run = context.dagster_run
        thread = threading.Thread(
            target=self._execute, args=(run.run_id,), name=f"run-{run.run_id[:8]}", daemon=True
        )
        self._threads[run.run_id] = thread
        thread.start()

    def _execute(self, run_id: str) -> None:
        from dagster._core.events import EngineEventData
        from dagster._grpc.impl import core_execute_run
        from dagster._utils.hosted_user_process import recon_job_from_origin

        instance = self._instance
        try:
            run = instance.get_run_by_id(run_id)
            recon_job = recon_job_from_origin(run.job_code_origin)
            instance.report_engine_event(
                f"Executing in the daemon's process (pid: {os.getpid()}).", run, EngineEventData.in_process(os.getpid())
            )
            for _ in core_execute_run(recon_job, run, instance, inject_env_vars=True):
                pass
        except Exception:  # core_execute_run has recorded the failure in the run's events
            log.exception("run %s failed", run_id)
        finally:
            self._threads.pop(run_id, None)

    def terminate(self, run_id: str) -> bool:
        run = self._instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            return False
        self._instance.report_run_canceling(run)
        return True

    def join(self, timeout: int = 30) -> None:
        for thread in list(self._threads.values()):
            thread.join(timeout)

    @property
    def supports_check_run_worker_health(self) -> bool:
        return False


def warm_up() -> None:
    """Import what runs need and parse the dbt project, so the first run starts warm."""
    try:
        import great_expectations  # noqa: F401

        from orchestration.definitions import defs
        from orchestration.resources import ZonestatsHome

        dbt = defs.resources["dbt"]
        dbt.warm_up(ZonestatsHome().settings)
        log.info(WARM_MESSAGE)
    except Exception:  # a failed warm-up only costs the first run its speed
        log.exception("warm-up failed; the first run will load what it needs itself")


def _in_daemon() -> bool:
    """Runs are launched by the daemon (the run queue); other processes only read config."""
    return os.path.basename(sys.argv[0]).startswith("dagster-daemon")


def _shorten_sensor_loop(seconds: float) -> None:
    # Dagster's sensor daemon waits MIN_INTERVAL_LOOP_TIME (5 s) between loops, read at
    # each iteration; the constant is private, so a new Dagster may ignore this.
    from dagster._daemon import sensor

    sensor.MIN_INTERVAL_LOOP_TIME = seconds

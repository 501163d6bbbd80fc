"""The run coordinator of dagster.yaml: the daemon's own runs start at once, others queue.

The real daemon is exercised in tests/test_daemon_stream.py; here the routing itself,
with the launch recorded instead of executed.
"""

from __future__ import annotations

import dagster as dg
import pytest

from dagster._core.remote_origin import InProcessCodeLocationOrigin, RemoteJobOrigin, RemoteRepositoryOrigin
from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

from orchestration import daemon
from orchestration.daemon import DaemonRunCoordinator

pytestmark = pytest.mark.slow  # each test runs Dagster against a real instance


@dg.op
def noop() -> None: ...


@dg.job
def tiny() -> None:
    noop()


def _submit(instance: dg.DagsterInstance, monkeypatch, in_daemon: bool) -> tuple[dg.DagsterRun, list[str]]:
    from dagster._core.run_coordinator import SubmitRunContext

    launched: list[str] = []
    monkeypatch.setattr(daemon, "_in_daemon", lambda: in_daemon)
    monkeypatch.setattr(type(instance), "launch_run", lambda self, run_id, workspace: launched.append(run_id))
    coordinator = instance.run_coordinator
    assert isinstance(coordinator, DaemonRunCoordinator)
    # a run as the daemon or the webserver creates it: with the origin of its code
    location = InProcessCodeLocationOrigin(LoadableTargetOrigin(python_file=__file__))
    origin = RemoteJobOrigin(RemoteRepositoryOrigin(location, "__repository__"), tiny.name)
    run = instance.create_run_for_job(tiny, remote_job_origin=origin)
    submitted = coordinator.submit_run(SubmitRunContext(run, workspace=None))
    return submitted, launched


def _events(instance: dg.DagsterInstance, run: dg.DagsterRun) -> set[dg.DagsterEventType]:
    return {e.dagster_event.event_type for e in instance.all_logs(run.run_id) if e.dagster_event}


def test_a_run_the_daemon_submits_is_launched_at_once(instance, monkeypatch):
    run, launched = _submit(instance, monkeypatch, in_daemon=True)
    assert launched == [run.run_id]
    assert dg.DagsterEventType.PIPELINE_ENQUEUED not in _events(instance, run)


def test_a_run_submitted_elsewhere_waits_in_the_queue(instance, monkeypatch):
    run, launched = _submit(instance, monkeypatch, in_daemon=False)
    assert launched == []
    assert run.status == dg.DagsterRunStatus.QUEUED
    assert dg.DagsterEventType.PIPELINE_ENQUEUED in _events(instance, run)

"""orchestration/dagster_compat.py: the one Dagster internal zonestats changes, checked
against the installed Dagster so that an upgrade that renames or stops reading it fails
here instead of silently bringing back the once-a-second watch."""

from __future__ import annotations

import inspect
import subprocess
import sys
import time

import pytest
from dagster._core.workspace.context import WorkspaceProcessContext
from dagster._grpc import server_watcher
from dagster._grpc.client import DagsterGrpcClient

from orchestration import dagster_compat
from zonestats.settings import REPO_ROOT


class CountingClient(DagsterGrpcClient):
    """A code server that never changes, counting how often it is asked."""

    def __init__(self) -> None:
        super().__init__(port=1, host="127.0.0.1")
        self.calls = 0

    def get_server_id(self, timeout: int | None = None) -> str:
        self.calls += 1
        return "the-same-server"


def _watch_for(seconds: float) -> int:
    """Server-id requests of Dagster's watch thread, started as the workspace starts it."""
    client = CountingClient()
    noop = lambda *args: None  # noqa: E731
    stop, thread = server_watcher.create_grpc_watch_thread(
        "zonestats", client, get_location_entry=noop, refresh_code_location=noop,
        on_disconnect=noop, on_reconnected=noop, on_updated=noop, on_error=noop,
    )
    thread.start()
    time.sleep(seconds)
    stop.set()
    thread.join(timeout=5)
    return client.calls


@pytest.fixture
def restore_watch_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_watcher, "WATCH_INTERVAL", server_watcher.WATCH_INTERVAL)


def test_dagster_still_watches_once_a_second_by_default(restore_watch_interval):
    assert server_watcher.WATCH_INTERVAL == 1, "Dagster changed its default: re-measure `zonestats bench idle`"
    assert _watch_for(2.5) >= 3


def test_the_slower_watch_is_what_dagsters_watch_thread_uses(restore_watch_interval):
    dagster_compat.slow_down_code_server_watch()
    assert _watch_for(2.5) == 1  # the first look, then nothing for WATCH_INTERVAL_SECONDS


def test_the_workspace_starts_its_watch_with_the_module_interval():
    """The webserver's and the daemon's workspace pass no interval of their own."""
    source = inspect.getsource(WorkspaceProcessContext._start_watch_thread)
    assert "create_grpc_watch_thread(" in source and "watch_interval" not in source


@pytest.mark.parametrize("command, expected", [("dagster-webserver", "--workspace"), ("dagster-daemon", "run")])
def test_the_launcher_hands_over_to_dagsters_own_command(command, expected):
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.dagster_compat", command, "--help"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout


def test_the_launcher_refuses_other_commands():
    with pytest.raises(SystemExit, match="dagster-webserver,dagster-daemon"):
        dagster_compat.main(["dagster", "dev"])

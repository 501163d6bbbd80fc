"""Faults: a full disk while writing state or publishing, and the stream worker killed mid-run.

The disk is really full: a small tmpfs is mounted (``mount -t tmpfs``, as root, which the
CI and this machine are) over the folder under test and filled to the last block.
Each refresh is ``zonestats refresh`` in a fresh process (tests/test_validation_e2e.py
says why). Promised (docs/reliability.md): the published warehouse stays byte for byte
what it was and opens; nothing half-written is left behind; when space returns the
next refresh publishes what was waiting, exactly once.

The worker test starts the real stream worker (as ``zonestats run`` does), drops a
document, SIGKILLs the worker's process group while its run is building, starts a new
worker and waits for the document to be published.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import make_home
from tests.test_crash_refresh import snapshot
from tests.test_stream_runs import assert_published_exactly_once, report
from tests.test_validation_e2e import refresh
from zonestats.intake import content_id, write_to_inbox
from zonestats.settings import REPO_ROOT, Settings

pytestmark = pytest.mark.slow



@contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``path`` for the block, unmounted after."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, f"mounting a tmpfs needs root: {mounted.stderr}"
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@contextmanager
def bind(source: Path, target: Path) -> Iterator[None]:
    """``source`` (on the real disk) seen at ``target`` (inside a small disk)."""
    source.mkdir(parents=True, exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "--bind", str(source), str(target)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(target)], check=True)


@contextmanager
def full(disk: Path) -> Iterator[None]:
    """Fill ``disk`` to the last block; space returns after the block. (A few KiB left
    would not do: a small document's figures file is smaller.)"""
    filler = disk / ".filler"
    stat = os.statvfs(disk)
    size = stat.f_bavail * stat.f_frsize
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        os.posix_fallocate(fd, 0, size)
    finally:
        os.close(fd)
    try:
        yield
    finally:
        filler.unlink()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _published_figures(settings: Settings, doc_id: str) -> int:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        return con.execute("select count(*) from fct_figures where doc_id = ?", [doc_id]).fetchone()[0]


def test_a_full_disk_while_writing_state_or_publishing_leaves_the_warehouse_and_recovers(tmp_path):
    home = tmp_path / "home"
    with small_disk(home / "var" / "figures", "4m") as state_disk, \
            small_disk(home / "warehouse", "64m") as warehouse_disk, \
            bind(tmp_path / "build", home / "warehouse" / "build"):
        settings = make_home(home, with_samples=True)
        first = refresh(settings)
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        published, tables = sha256(settings.published_db), snapshot(settings)

        # the figures' state folder is full: extraction cannot write a document's figures
        state_doc = report(1, 31)
        write_to_inbox(settings, "state disk full.txt", state_doc)
        with full(state_disk):
            failed = refresh(settings)
        assert failed.returncode != 0
        assert "No space left on device" in failed.stdout + failed.stderr
        assert sha256(settings.published_db) == published and snapshot(settings) == tables
        assert not [p for p in state_disk.iterdir() if p.name.startswith(".tmp-")]  # no half-written file

        # the disk of the published file is full: the publish cannot copy the build
        publish_doc = report(2, 32)
        write_to_inbox(settings, "warehouse disk full.txt", publish_doc)
        with full(warehouse_disk):
            failed = refresh(settings)
        assert failed.returncode != 0
        assert "No space left on device" in failed.stdout + failed.stderr
        assert sha256(settings.published_db) == published and snapshot(settings) == tables
        assert not list(warehouse_disk.glob(".publish-*"))  # the partial copy was removed
        assert _published_figures(settings, content_id(publish_doc)) == 0

        # space returns: the next refresh publishes both, once each
        recovered = refresh(settings)
        assert recovered.returncode == 0, recovered.stdout[-3000:] + recovered.stderr[-3000:]
        assert sha256(settings.published_db) != published
        assert_published_exactly_once(settings, {content_id(state_doc), content_id(publish_doc)})


def _start_worker(settings: Settings):
    from zonestats import servers

    worker = next(s for s in servers.servers(settings.dagster_home / "workspace.yaml") if s.name == "stream worker")
    env = {**os.environ, **settings.export_env(), "PYTHONPATH": str(REPO_ROOT)}
    servers.start(worker, env, settings.state / "logs")
    return worker


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"waited {timeout:.0f}s for {what}"
        time.sleep(0.1)


def _building(instance: dg.DagsterInstance) -> bool:
    """Whether a run is in its dbt build step (the build file being written)."""
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])):
        started = instance.all_logs(record.dagster_run.run_id, of_type=dg.DagsterEventType.STEP_START)
        if any(e.step_key == "warehouse" for e in started):
            return True
    return False


@pytest.mark.timeout(900)
def test_the_worker_killed_mid_run_finishes_the_work_when_started_again(tmp_path):
    from orchestration.runner import refresh_now
    from zonestats import servers
    from zonestats.cli import prepare_dbt

    settings = make_home(tmp_path / "home", with_samples=True)
    servers.prepare_dagster_home(settings)
    prepare_dbt()
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home))
    try:
        assert refresh_now(settings, instance).success
        published, tables = sha256(settings.published_db), snapshot(settings)

        worker = _start_worker(settings)
        try:
            data = report(3, 33)
            write_to_inbox(settings, "dropped before the kill.txt", data)
            _wait(lambda: _building(instance), 300, "the worker's run to reach the dbt build")
        finally:
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait()
        assert sha256(settings.published_db) == published and snapshot(settings) == tables

        worker = _start_worker(settings)
        try:
            _wait(lambda: _published_figures(settings, content_id(data)) > 0, 300,
                  "the document to be published by the new worker")
        finally:
            servers.stop_all([worker])
        assert_published_exactly_once(settings, {content_id(data)})
        # the killed run was marked failed (its process gone) and freed its pool slot
        assert instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]))
        assert instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])) == []
        assert instance.event_log_storage.get_concurrency_run_ids() == set()
    finally:
        instance.dispose()

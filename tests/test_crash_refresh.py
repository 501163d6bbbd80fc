"""SIGKILL the pipeline at random points of a refresh: the published warehouse never changes.

Each attempt is a real refresh (``python -m zonestats.cli refresh``: decode, extract,
dbt building the build file, Great Expectations, publish) in a child process with its
own session, killed at a random point of its progress. (A fresh interpreter, not a fork
of this one: dbt now runs in process, and its Rust parser deadlocks in a forked child of
a process that used it.) Progress is measured by the child's log output (Dagster events
and dbt's node lines), so kill points spread evenly over the phases of a run whatever
the machine's load and however long the imports take: each kill falls after a random fraction (spread evenly over
the first ``REACH`` of it) of the output of one complete refresh; the last kills wait for
a publish to begin (its temporary copy appears), the window that matters most.

After every kill the published file must be byte-identical (or, for a kill that landed
just after the atomic swap, a byte copy of the finished build) and open read-only with
its tables intact. Then ``python -m zonestats.cli refresh``, a fresh process, must
complete: the dead runs' pool slots may not block it, and everything added during
the attempts must be published exactly once.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import make_home
from tests.test_stream_runs import assert_published_exactly_once, report
from zonestats.cli import prepare_dbt
from zonestats.intake import content_id, write_to_inbox
from zonestats.servers import prepare_dagster_home
from zonestats.settings import REPO_ROOT, Settings
from zonestats.warehouse import recover_build

pytestmark = pytest.mark.slow

KILLS = 20
AT_PUBLISH = 2  # of the kills, how many wait for a publish to begin
# the others fall within this share of a refresh's output: startup, decode, extract and
# most of the dbt build (where the build file is written); later kills cost more time
# (each attempt runs until its kill) and the publish window is covered by AT_PUBLISH
REACH = 0.4


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(settings: Settings) -> dict[str, int]:
    """Row counts of every table, through a read-only connection like any reader's.

    Views are left out: dbt's staging views read the live Parquet state files, so their
    counts follow the inbox rather than the publish.
    """
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()]
        return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def start_refresh(settings: Settings, log: Path) -> int:
    """Start one ``zonestats refresh`` in its own session, appending to ``log``; its pid."""
    env = {**os.environ, **settings.export_env(), "PYTHONPATH": str(REPO_ROOT)}
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        return os.posix_spawn(
            sys.executable, [sys.executable, "-m", "zonestats.cli", "refresh"], env,
            file_actions=[(os.POSIX_SPAWN_DUP2, fd, 1), (os.POSIX_SPAWN_DUP2, fd, 2)], setsid=True,
        )
    finally:
        os.close(fd)


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def wait_until(pid: int, ready, timeout: float = 600) -> bool:
    """Poll ``ready()`` until true; False if the child exited first (it is then reaped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return True
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return False
        time.sleep(0.01)
    raise TimeoutError("refresh neither progressed nor ended")


@pytest.mark.timeout(1800)  # ≈ 5 min on an idle 2-core machine; far more on a loaded one
def test_killed_refreshes_never_touch_the_published_warehouse(tmp_path):
    began = time.monotonic()
    settings = make_home(tmp_path / "home", with_samples=True)
    prepare_dagster_home(settings)
    prepare_dbt()
    log = tmp_path / "children.log"

    started = time.monotonic()
    first = start_refresh(settings, log)
    assert os.waitpid(first, 0)[1] == 0, log.read_text()[-3000:]
    one_refresh, output = time.monotonic() - started, log.stat().st_size
    published_sha, tables = sha256(settings.published_db), snapshot(settings)
    assert tables["dim_documents"] > 0 and tables["fct_figures"] > 0

    rng = random.Random()
    recoveries: dict[str, int] = {}
    added: set[str] = set()
    kills = attempt = finished_first = 0
    pid = 0
    try:
        while kills < KILLS:
            data = report(attempt, 50 + attempt)
            write_to_inbox(settings, f"attempt {attempt}.txt", data)
            added.add(content_id(data))
            attempt += 1
            at = log.stat().st_size
            pid = start_refresh(settings, log)
            if kills < KILLS - AT_PUBLISH:  # a random point, the points spread over the run
                share = REACH * (kills + rng.random()) / (KILLS - AT_PUBLISH)
                killable = wait_until(pid, lambda: log.stat().st_size - at >= share * output)
            else:
                killable = wait_until(pid, lambda: any(settings.warehouse_dir.glob(".publish-*")))
            if not killable:  # this refresh completed before reaching the point
                finished_first += 1
                output = log.stat().st_size - at  # aim within a refresh like this one next time
                published_sha, tables = sha256(settings.published_db), snapshot(settings)
                continue
            kill_group(pid)
            kills += 1

            now = sha256(settings.published_db)
            if now != published_sha:  # killed just after the atomic swap: a whole new publish
                assert now == sha256(settings.build_db), f"kill {kills}: published is not the build"
                published_sha, tables = now, snapshot(settings)
            assert snapshot(settings) == tables, f"kill {kills}"
            state = recover_build(settings)
            recoveries[state] = recoveries.get(state, 0) + 1
    finally:  # a failed assertion must not leave a refresh running
        try:
            if pid and os.waitpid(pid, os.WNOHANG) == (0, 0):
                kill_group(pid)
        except ChildProcessError:
            pass

    env = {**os.environ, **settings.export_env(), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "zonestats.cli", "refresh"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    assert sha256(settings.published_db) != published_sha
    assert_published_exactly_once(settings, added)
    assert not list(settings.warehouse_dir.glob(".publish-*"))
    with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        stuck = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))
        assert stuck == []
        assert instance.event_log_storage.get_concurrency_run_ids() == set()
    print(
        f"\none refresh {one_refresh:.1f}s; {KILLS} kills, {AT_PUBLISH} of them as a publish began; "
        f"{finished_first} refreshes finished before their kill; "
        f"build file after kills: {recoveries}; test took {time.monotonic() - began:.0f}s "
        f"(load average {os.getloadavg()[0]:.1f})"
    )

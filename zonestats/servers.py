"""Start and stop the long-running processes of ``zonestats run``.

Each server gets its own process group, so stopping it (SIGINT, then SIGKILL after a
grace period) also stops the children it spawned (Dagster's code servers, Streamlit's
watchers); without that they outlive Ctrl-C or hang.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from zonestats.settings import REPO_ROOT, Settings


@dataclass
class Server:
    name: str
    url: str
    argv: list[str]
    process: subprocess.Popen | None = field(default=None, repr=False)


def _bin(name: str) -> str:
    """A console script from the same environment as this Python."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


def prepare_dagster_home(settings: Settings) -> None:
    """DAGSTER_HOME must hold dagster.yaml; the repo's copy is the source of truth."""
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "dagster.yaml", settings.dagster_home / "dagster.yaml")


def servers(host: str = "127.0.0.1", dagster_port: int = 3000, app_port: int = 8501) -> list[Server]:
    module = ["-m", "orchestration.definitions"]
    return [
        Server("dagster webserver", f"http://{host}:{dagster_port}",
               [_bin("dagster-webserver"), "-h", host, "-p", str(dagster_port), *module]),
        Server("dagster daemon", "(sensor, schedule, run queue)", [_bin("dagster-daemon"), "run", *module]),
        Server("streamlit app", f"http://{host}:{app_port}",
               [_bin("streamlit"), "run", str(REPO_ROOT / "app" / "streamlit_app.py"),
                "--server.address", host, "--server.port", str(app_port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false"]),
    ]


def start(server: Server, env: dict[str, str], log_dir: Path) -> None:
    _interrupt_on_signals()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_dir / f"{server.name.replace(' ', '-')}.log", "ab")
    server.process = subprocess.Popen(
        server.argv, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _interrupt_on_signals() -> None:
    """Ctrl-C and SIGTERM raise KeyboardInterrupt here, and reach the servers as defaults.

    Set rather than inherited: a shell starts background jobs (``make run &``) with SIGINT
    ignored, and Dagster maps SIGTERM to SIGINT's handler when a run executes in process
    (the first refresh of ``zonestats run``), which left ``kill`` without effect. A handler
    set before the servers start is also what they get as the default (an ignored signal
    would be inherited, and only the SIGKILL after the grace period would stop them)."""
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.default_int_handler)


def _signal(server: Server, sig: signal.Signals) -> None:
    proc = server.process
    if proc is not None and proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass


def stop_all(running: list[Server], grace: float = 15.0) -> None:
    """SIGINT every server at once, wait up to ``grace`` seconds, then SIGKILL stragglers."""
    for server in running:
        _signal(server, signal.SIGINT)
    deadline = time.monotonic() + grace
    for server in running:
        if server.process is None:
            continue
        try:
            server.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal(server, signal.SIGKILL)
            server.process.wait(timeout=5)


def supervise(running: list[Server], poll: float = 1.0) -> None:
    """Wait until Ctrl-C, a SIGTERM (``kill``, a service manager) or a server dies, then
    stop them all (the servers were started by :func:`start`, which set the signals)."""
    try:
        while all(s.process and s.process.poll() is None for s in running):
            time.sleep(poll)
        dead = [s.name for s in running if s.process and s.process.poll() is not None]
        print(f"stopped unexpectedly: {', '.join(dead)} (see the logs)", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the stopping short
        stop_all(running)

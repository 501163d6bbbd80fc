"""Start and stop the long-running processes of ``zonestats run``.

Each server gets its own process group, so stopping it (SIGINT, then SIGKILL after a
grace period) also stops the children it spawned (Streamlit's watchers, the worker's
dbt threads); without that they outlive Ctrl-C or hang.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
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
    # the port the server listens on, when the servers started after it need it up
    ready_port: int | None = None
    cwd: Path = REPO_ROOT
    process: subprocess.Popen | None = field(default=None, repr=False)


_DAGSTER_COMPAT = [sys.executable, "-m", "orchestration.dagster_compat"]


def _bin(name: str) -> str:
    """A console script from the same environment as this Python."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


def prepare_dagster_home(settings: Settings) -> None:
    """DAGSTER_HOME must hold dagster.yaml; the repo's copy is the source of truth."""
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "dagster.yaml", settings.dagster_home / "dagster.yaml")


def write_workspace(settings: Settings, host: str, code_port: int) -> Path:
    """A workspace naming the one code server, for the webserver and the daemon.

    Given ``-m``, each would start a code server of its own, and the daemon would start
    a new one every minute (its workspace refresh), each importing the definitions at
    most of a core for seconds. Pointed at a running server they only reconnect.
    """
    workspace = settings.dagster_home / "workspace.yaml"
    workspace.write_text(
        "load_from:\n"
        "  - grpc_server:\n"
        f"      host: {host}\n"
        f"      port: {code_port}\n"
        "      location_name: zonestats\n",
        encoding="utf-8",
    )
    return workspace


def servers(
    workspace: Path, host: str = "127.0.0.1", dagster_port: int = 3000, app_port: int = 8501, code_port: int = 4266
) -> list[Server]:
    """The processes of ``zonestats run``, in the order they start."""
    return [
        # `dagster api grpc` rather than `dagster code-server start`: the latter is a proxy
        # in front of a second server process, which pings it (0.7 % of a core idle
        # against 0.15 %); the price is that "Reload" in the UI needs a restart instead
        Server("dagster code server", f"grpc {host}:{code_port}",
               [_bin("dagster"), "api", "grpc", "-h", host, "-p", str(code_port),
                "-m", "orchestration.definitions", "--location-name", "zonestats"], ready_port=code_port),
        Server("stream worker", "(inbox → published warehouse)", [sys.executable, "-m", "orchestration.stream_worker"]),
        # Dagster's own commands, with its watch of the code server slowed from once a second
        # (orchestration/dagster_compat.py: half of what an idle `zonestats run` cost)
        Server("dagster webserver", f"http://{host}:{dagster_port}",
               [*_DAGSTER_COMPAT, "dagster-webserver", "-h", host, "-p", str(dagster_port), "-w", str(workspace)]),
        Server("dagster daemon", "(schedule, run queue)", [*_DAGSTER_COMPAT, "dagster-daemon", "run", "-w", str(workspace)]),
        # Started in app/, next to its script: Streamlit polls every config.toml it could
        # read (global, working directory, script's directory) five times a second, whatever
        # `server.fileWatcherType` says; with the working directory the script's, that is
        # one poller fewer (the settings are in app/.streamlit/config.toml).
        Server("streamlit app", f"http://{host}:{app_port}",
               [_bin("streamlit"), "run", str(REPO_ROOT / "app" / "streamlit_app.py"),
                "--server.address", host, "--server.port", str(app_port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                # serving, not developing: no watching of the app's source files
                "--server.fileWatcherType", "none", "--server.runOnSave", "false"],
               cwd=REPO_ROOT / "app"),
    ]


def start(server: Server, env: dict[str, str], log_dir: Path) -> None:
    _interrupt_on_signals()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_dir / f"{server.name.replace(' ', '-')}.log", "ab")
    server.process = subprocess.Popen(
        server.argv, cwd=server.cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def start_all(running: list[Server], env: dict[str, str], log_dir: Path, host: str, timeout: float = 300) -> None:
    """Start the servers in order, each after the ports of those before it accept connections
    (the webserver and the daemon would otherwise log a failed first load of the code)."""
    for server in running:
        start(server, env, log_dir)
        if server.ready_port is not None:
            _wait_for_port(server, host, server.ready_port, timeout)


def _wait_for_port(server: Server, host: str, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{server.name} did not listen on {host}:{port} (see its log)")


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


def supervise(running: list[Server]) -> None:
    """Wait until Ctrl-C, a SIGTERM (``kill``, a service manager) or a server dies, then
    stop them all (the servers were started by :func:`start`, which set the signals).

    Blocks in ``waitid`` instead of polling the servers: an idle ``zonestats run`` should
    not wake for nothing (``WNOWAIT`` leaves the exit status for ``Popen`` to collect)."""
    pids = {s.process.pid for s in running if s.process}
    try:
        while True:
            child = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)
            if child.si_pid in pids:
                break
            os.waitpid(child.si_pid, 0)  # a child that is not a server (none expected): reap it
        dead = [s.name for s in running if s.process and s.process.poll() is not None]
        print(f"stopped unexpectedly: {', '.join(dead)} (see the logs)", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the stopping short
        stop_all(running)

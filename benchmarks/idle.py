"""``zonestats bench idle``: what ``zonestats run`` costs when nothing arrives.

Starts every server of ``zonestats run`` (code server, stream worker, Dagster webserver
and daemon, Streamlit) on a home whose samples are already published, on free ports,
lets them settle, then measures ``windows`` consecutive windows of ``seconds`` each:
the CPU time each server's process tree used (its live processes plus the children it
reaped), as a share of one core, and how many processes were started meanwhile (a code
server started by the daemon's workspace refresh shows here). One window varies with
what fell into it (the daemon's once-a-minute workspace refresh, a heartbeat), so the
target is judged on the worst of several. Nobody opens the UI or the app meanwhile.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from zonestats.intake import write_to_inbox
from zonestats.servers import Server
from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import ensure_state


@dataclass(frozen=True)
class ServerCost:
    name: str
    cpu_seconds: float
    processes_started: int


@dataclass(frozen=True)
class IdleWindow:
    seconds: float
    servers: list[ServerCost]

    @property
    def core_share(self) -> float:
        """CPU time of all servers over the window, as a share of one core."""
        return sum(s.cpu_seconds for s in self.servers) / self.seconds


@dataclass(frozen=True)
class IdleBench:
    windows: list[IdleWindow]
    load_average: float

    @property
    def worst(self) -> IdleWindow:
        return max(self.windows, key=lambda w: w.core_share)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _cpu(processes: list[psutil.Process]) -> dict[int, float]:
    """CPU seconds per live process, reaped children included (no double counting:
    a child is counted in its parent's ``children_*`` only once it has exited)."""
    used = {}
    for process in processes:
        try:
            t = process.cpu_times()
            used[process.pid] = t.user + t.system + t.children_user + t.children_system
        except psutil.NoSuchProcess:
            pass
    return used


def run_idle_bench(
    seconds: float = 60.0, settle: float = 60.0, windows: int = 1, home: Path | None = None
) -> IdleBench:
    import dagster as dg

    from orchestration.project import ensure_manifest
    from orchestration.runner import refresh_now
    from orchestration.stream_worker import READY_MESSAGE
    from zonestats import servers

    settings = Settings(home=(home or Path(tempfile.mkdtemp(prefix="zonestats-idle-"))).resolve())
    env = {**os.environ, **settings.export_env(), "PYTHONPATH": str(REPO_ROOT)}
    ensure_manifest()
    ensure_state(settings)
    servers.prepare_dagster_home(settings)
    for sample in sorted(settings.samples.glob("*.txt")):
        write_to_inbox(settings, sample.name, sample.read_bytes())
    with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        assert refresh_now(settings, instance).success, "the samples did not publish"

    host, code_port = "127.0.0.1", _free_port()
    workspace = servers.write_workspace(settings, host, code_port)
    running = servers.servers(workspace, host, _free_port(), _free_port(), code_port)
    try:
        servers.start_all(running, env, settings.state / "logs", host)
        worker_log = settings.state / "logs" / "stream-worker.log"
        deadline = time.monotonic() + 300
        while READY_MESSAGE not in worker_log.read_text(errors="replace"):
            if time.monotonic() > deadline:
                raise TimeoutError("the stream worker did not start")
            time.sleep(1)
        time.sleep(settle)  # the webserver, daemon and app finish starting
        measured = [_measure(running, seconds) for _ in range(windows)]
    finally:
        servers.stop_all(running)
    return IdleBench(measured, os.getloadavg()[0])


def _measure(running: list[Server], seconds: float) -> IdleWindow:
    before = {s.name: _cpu(_tree(s.process.pid)) for s in running}
    time.sleep(seconds)
    costs = []
    for server in running:
        after, old = _cpu(_tree(server.process.pid)), before[server.name]
        # processes alive at both ends: the difference; started meanwhile: all they used
        used = sum(after[pid] - old.get(pid, 0.0) for pid in after)
        costs.append(ServerCost(server.name, used, len(set(after) - set(old))))
    return IdleWindow(seconds, costs)


def print_idle_bench(result: IdleBench, print_=print) -> None:
    for number, window in enumerate(result.windows, 1):
        print_(f"zonestats run, idle, window {number} of {len(result.windows)}: {window.seconds:.0f} s "
               "(samples published, nothing arriving):")
        for cost in window.servers:
            print_(f"  {cost.name:20} {100 * cost.cpu_seconds / window.seconds:5.2f} % of a core"
                   f"  ({cost.cpu_seconds:.2f} s CPU, {cost.processes_started} processes started)")
        print_(f"  all servers: {100 * window.core_share:.2f} % of one core")
    shares = sorted(100 * w.core_share for w in result.windows)
    print_(f"all servers, {len(shares)} window(s): worst {shares[-1]:.2f} %, median "
           f"{shares[len(shares) // 2]:.2f} % of one core (load average at the end "
           f"{result.load_average:.1f} on {os.cpu_count()} cores)")

"""`zonestats run` stops its servers and everything they spawned."""

from __future__ import annotations

import os
import sys
import time

import psutil

from zonestats.servers import Server, start, stop_all

# a server that spawns a child and ignores nothing: like dagster-webserver and its code server
SPAWNER = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); time.sleep(120)"
# a server that ignores SIGINT, so only the SIGKILL after the grace period stops it
STUBBORN = "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(120)"


def test_stop_all_ends_servers_and_their_children(tmp_path):
    servers = [Server("spawner", "-", [sys.executable, "-c", SPAWNER]), Server("stubborn", "-", [sys.executable, "-c", STUBBORN])]
    for server in servers:
        start(server, dict(os.environ), tmp_path / "logs")
    roots = [psutil.Process(s.process.pid) for s in servers]
    deadline = time.monotonic() + 30
    while not roots[0].children() and time.monotonic() < deadline:
        time.sleep(0.1)  # the spawner's child appears once its interpreter has started
    tree = roots + [child for p in roots for child in p.children(recursive=True)]
    assert len(tree) >= 3
    stop_all(servers, grace=2)
    gone, alive = psutil.wait_procs(tree, timeout=5)
    assert not alive
    assert (tmp_path / "logs" / "spawner.log").exists()

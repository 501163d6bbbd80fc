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


# a supervisor started the way a background `make run &` ends up: SIGINT ignored by the
# shell, SIGTERM mapped to it by Dagster's in-process run
SUPERVISOR = r"""
import os, signal, sys
from pathlib import Path
from zonestats.servers import Server, start, supervise
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
# the server notes a graceful stop: SIGINT reached it as the default, not ignored
SLEEPER = "import sys, time\ntry:\n    open(sys.argv[1] + '/ready', 'w').close()\n    time.sleep(120)\nexcept KeyboardInterrupt:\n    open(sys.argv[1] + '/stopped', 'w').close()"
server = Server("sleeper", "-", [sys.executable, "-c", SLEEPER, sys.argv[1]])
start(server, dict(os.environ), Path(sys.argv[1]))
print(server.process.pid, flush=True)
supervise([server])
"""


def test_supervise_stops_everything_on_sigterm_even_when_signals_were_ignored(tmp_path):
    import signal
    import subprocess

    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    server = psutil.Process(int(supervisor.stdout.readline()))
    deadline = time.monotonic() + 30
    while not (tmp_path / "ready").exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # the server's interpreter has started and waits in its try block
    while supervisor.poll() is None and time.monotonic() < deadline:
        supervisor.send_signal(signal.SIGTERM)  # again, should one arrive before supervise()
        time.sleep(1)
    assert supervisor.poll() == 0
    gone, alive = psutil.wait_procs([server], timeout=5)
    assert not alive
    assert (tmp_path / "stopped").exists(), "the server was killed, not interrupted"


def test_supervise_returns_when_a_server_dies_and_stops_the_others(tmp_path, capsys):
    from zonestats.servers import supervise

    quitter = Server("quitter", "-", [sys.executable, "-c", "import time; time.sleep(1)"])
    sleeper = Server("sleeper", "-", [sys.executable, "-c", "import time; time.sleep(120)"])
    for server in (quitter, sleeper):
        start(server, dict(os.environ), tmp_path / "logs")
    started = time.monotonic()
    supervise([quitter, sleeper])
    assert time.monotonic() - started < 60
    assert "stopped unexpectedly: quitter" in capsys.readouterr().err
    assert sleeper.process.poll() is not None, "the other server was left running"

"""The one place zonestats reaches into Dagster's internals: how often the webserver and
the daemon ask the code server whether it changed.

Both ask once a second (``WATCH_INTERVAL`` in ``dagster._grpc.server_watcher``, not a
setting), each time on a new gRPC channel. On an idle ``zonestats run`` those two
watches were half of all the CPU used — about 1 % of a core across the webserver, the
daemon and the code server (``zonestats bench idle``, docs/benchmarks.md). Here the
watch runs every ``WATCH_INTERVAL_SECONDS``: a restarted code server is noticed that
much later (the daemon also reloads the code location every minute), which matters
little when ``zonestats run`` starts and stops them all together.

``python -m orchestration.dagster_compat dagster-webserver ARGS`` (or ``dagster-daemon``)
sets it and hands over to Dagster's own console script, found through its entry point.
``tests/test_dagster_compat.py`` fails as soon as Dagster renames the constant or stops
reading it, so an upgrade cannot drop the setting silently.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

from dagster._grpc import server_watcher

WATCH_INTERVAL_SECONDS = 10.0
COMMANDS = ("dagster-webserver", "dagster-daemon")


def slow_down_code_server_watch() -> None:
    server_watcher.WATCH_INTERVAL = WATCH_INTERVAL_SECONDS


def main(argv: list[str] | None = None) -> None:
    """Run Dagster's ``dagster-webserver`` or ``dagster-daemon`` command with the slower watch."""
    command, *args = argv if argv is not None else sys.argv[1:]
    if command not in COMMANDS:
        raise SystemExit(f"usage: python -m orchestration.dagster_compat {{{','.join(COMMANDS)}}} ARGS")
    slow_down_code_server_watch()
    (script,) = entry_points(group="console_scripts", name=command)
    sys.argv = [command, *args]
    sys.exit(script.load()())


if __name__ == "__main__":
    main()

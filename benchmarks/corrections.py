"""``zonestats bench correction``: from ``zonestats correct`` in a shell to the published warehouse.

The issue's promise, measured on the real thing: a home with the samples published, the
stream worker running (as ``zonestats run`` starts it), then ``zonestats correct FIGURE_ID
--set metric=other …`` run as a separate process, as an operator would; the clock runs
from starting that command until a fresh read-only connection to the PUBLISHED file
shows the figure corrected by its author. Repeated on other figures.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb

from zonestats.settings import Settings


def _published_figures(settings: Settings, count: int) -> list[str]:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        rows = con.execute("""select figure_id from fct_figures where origin = 'extracted' and metric <> 'other'
                              order by doc_id, "start" limit ?""", [count]).fetchall()
    return [figure_id for (figure_id,) in rows]


def _corrected(settings: Settings, figure_id: str, author: str) -> bool:
    try:
        with duckdb.connect(str(settings.published_db), read_only=True) as con:
            row = con.execute("select metric, origin, corrected_by from fct_figures where figure_id = ?",
                              [figure_id]).fetchone()
    except duckdb.Error:  # the file is being replaced: ask again
        return False
    return row == ("other", "corrected", author)


def run_correction_bench(corrections: int = 5, home: Path | None = None, timeout: float = 120.0) -> list[float]:
    """Seconds from each ``zonestats correct`` start to the corrected figure being published."""
    from benchmarks.stream import _wait, live_installation

    latencies = []
    with live_installation(home, timeout) as live:
        for number, figure_id in enumerate(_published_figures(live.settings, corrections)):
            author = f"bench{number}"
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "zonestats.cli", "correct", figure_id, "--set", "metric=other",
                            "--reason", "bench", "--by", author], env=live.env, check=True, capture_output=True)
            _wait(lambda: _corrected(live.settings, figure_id, author), timeout, f"correction {number}", poll=0.5)
            latencies.append(time.monotonic() - started)
    return latencies

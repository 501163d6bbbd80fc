"""Time dbt on the dev state: a full build, then an incremental build after one more
document arrives. Prints the figures; nothing is asserted.

    python -m benchmarks.dbt_builds /tmp/zs-bench [--copies 50]

``--copies N`` adds N renamed copies of every gold document first, to see how both
builds scale with the corpus. `dbt build` times include parsing, the data tests and
unit tests; `dbt run` times the models alone.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from scripts import dev_state
from zonestats.offline_build import add_document, run_dbt
from zonestats.settings import Settings

_ELAPSED = re.compile(r"in 0 hours \d+ minutes and ([\d.]+) seconds")


def _timed(settings: Settings, *args: str) -> str:
    started = time.perf_counter()
    result = run_dbt(settings, *args)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(result.stdout[-3000:])
    inside = _ELAPSED.search(result.stdout)
    return f"wall {wall:6.1f} s, dbt {float(inside.group(1)) if inside else float('nan'):6.2f} s"


def _add_copy(settings: Settings, doc_id: str, suffix: str) -> None:
    text = (dev_state.SAMPLES / f"{doc_id}.txt").read_text(encoding="utf-8")
    add_document(settings, f"{doc_id}-{suffix}", text + suffix, dev_state.gold_documents()[doc_id])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("home", type=Path, help="an empty folder for the ZONESTATS_HOME")
    parser.add_argument("--copies", type=int, default=0, help="renamed copies of each gold document")
    options = parser.parse_args()
    settings = dev_state.build_dev_state(options.home)
    gold = list(dev_state.gold_documents())
    for n in range(options.copies):
        for doc_id in gold:
            _add_copy(settings, doc_id, f"copy{n}")
    n_docs = len(gold) * (options.copies + 1)
    print(f"{n_docs} documents")
    print(f"full build          {_timed(settings, 'build')}")
    print(f"no-change build     {_timed(settings, 'build')}")
    _add_copy(settings, gold[0], "new")
    print(f"+1 document build   {_timed(settings, 'build')}")
    _add_copy(settings, gold[1], "new")
    print(f"+1 document run     {_timed(settings, 'run')}")
    print(f"full-refresh run    {_timed(settings, 'run', '--full-refresh')}")


if __name__ == "__main__":
    main()

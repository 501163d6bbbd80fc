"""``zonestats bench isolation``: a plain document after rejected ones (issue 17's acceptance).

The real stream worker on a home with the samples published (as ``zonestats bench stream``):
a report whose typo'd unit makes a count of 8.41 companies and one with ``1.12万家``
are dropped one at a time, each timed until it is held back (its hold written) or
published; once their runs have ended, a plain report is dropped and timed until its
figures are in the published file. A document that passes validation (``1.12万家``
once its arithmetic is exact) is reported as published, not held.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.stream import _PublishedFigures, _wait, live_installation
from zonestats.intake import content_id, write_to_inbox
from zonestats.settings import Settings
from zonestats.validation.holds import held_documents

REJECTED = {
    "2007年报告.txt": "截至2007年底，全区共有开发区12家，入驻企业8.41家，实现工业增加值62亿元。\n",
    "快报.txt": "某开发区快报\n2023年，园区共有企业1.12万家，实现营业收入321.5亿元。\n",
}
PLAIN = "某市开发区统计快报\n截至2021年底，全市共有开发区87家，其中国家级开发区3家。\n"


@dataclass(frozen=True)
class IsolationBench:
    rejected: list[tuple[str, str, float]]  # file, "held" or "published", seconds from the drop
    plain_seconds: float  # plain drop → its figures published
    reasons: list[str]
    load_average: float


def run_isolation_bench(timeout: float = 300.0) -> IsolationBench:
    import dagster as dg

    active = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    with live_installation(Path(tempfile.mkdtemp(prefix="zonestats-isolation-")), timeout) as live:
        settings, rejected = live.settings, []
        for name, text in REJECTED.items():
            doc_id, dropped = content_id(text.encode()), time.monotonic()
            write_to_inbox(settings, name, text.encode())
            published = _PublishedFigures(settings, doc_id)
            _wait(lambda: _held(settings, doc_id) or published(), timeout, name)
            rejected.append((name, "held" if _held(settings, doc_id) else "published", time.monotonic() - dropped))
        _wait(lambda: not live.instance.get_runs(filters=dg.RunsFilter(statuses=active)), timeout, "their runs to end")
        dropped = time.monotonic()
        write_to_inbox(settings, "plain.txt", PLAIN.encode())
        _wait(_PublishedFigures(settings, content_id(PLAIN.encode())), timeout, "the plain document")
        plain = time.monotonic() - dropped
    reasons = [f"{d['file_name']}: {d['reason']}" for d in held_documents(settings)]
    return IsolationBench(rejected, plain, reasons, os.getloadavg()[0])


def _held(settings: Settings, doc_id: str) -> bool:
    return (settings.held_dir / f"{doc_id}.parquet").exists()


def print_isolation_bench(result: IsolationBench, print_=print) -> None:
    for name, outcome, seconds in result.rejected:
        print_(f"{name}: {outcome} {seconds:.1f}s after its drop")
    print_(f"plain document dropped next: published {result.plain_seconds:.1f}s after its drop (target 30 s)")
    for reason in result.reasons:
        print_(f"  held: {reason}")
    print_(f"load average at the end: {result.load_average:.1f} on {os.cpu_count()} cores")

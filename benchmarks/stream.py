"""``zonestats bench stream``: latency from a file drop to its figures in the published warehouse.

Runs the real thing: a home with the samples already published, the stream worker
(``python -m orchestration.stream_worker``, as ``zonestats run`` starts it), then
documents dropped into the inbox one at a time. For each, the clock runs from the drop
until a fresh read-only connection to the PUBLISHED file sees its figures. Each latency
is split by the run's own records into: noticing the drop (drop → run created: file
event, settling, inbox scan, run plan), launch (→ run started), and the run's steps
(decode, extract, dbt build, validation, publish).
"""

from __future__ import annotations

import itertools
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from zonestats.documents import unprocessed
from zonestats.intake import content_id, write_to_inbox
from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import ensure_state


@dataclass
class Drop:
    doc_id: str
    latency: float  # drop → figures visible in the published file
    phases: dict[str, float] = field(default_factory=dict)
    run_id: str | None = None  # the run that processed it
    run_pid: int | None = None  # the process that executed that run


@dataclass
class StreamBench:
    drops: list[Drop]
    warmup: float  # worker start → warm-up done and the inbox watched
    load_average: float
    worker_pid: int

    def percentile(self, q: int) -> float:
        values = sorted(d.latency for d in self.drops)
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def bench_document(number: int) -> bytes:
    """A short report whose numbers differ per drop (so each is a new document)."""
    return (
        f"某市开发区{number}号统计快报\n"
        f"截至{2000 + number % 25}年底，全市共有开发区{10 + number}家，"
        f"其中国家级开发区{number % 5 + 1}家。\n"
        f"开发区实现营业收入{100 + number}.5亿元，同比增长{number % 9 + 1}.2%。\n"
    ).encode("utf-8")


def new_bench_documents(settings: Settings, count: int) -> list[tuple[int, bytes]]:
    """``count`` bench documents the installation has not processed yet: an installation
    measured before (``--home``) already holds the first ones, and dropping those again
    would be a no-op measured as an instant publish."""
    numbers, chosen = itertools.count(), []
    while len(chosen) < count:  # one listing of the output folders per ``count`` numbers
        batch = {content_id(bench_document(n)): n for n in itertools.islice(numbers, count)}
        chosen += sorted(batch[doc_id] for doc_id in unprocessed(settings, batch))
    return [(n, bench_document(n)) for n in chosen[:count]]


@dataclass
class LiveInstallation:
    """A home with the samples published and the stream worker running, warmed up."""

    settings: Settings
    instance: Any  # dagster.DagsterInstance (imported lazily: the CLI starts faster)
    env: dict[str, str]  # the environment the worker runs with (subprocesses reuse it)
    worker_pid: int
    warmup: float  # worker start → warm and watching the inbox


@contextmanager
def live_installation(home: Path | None = None, timeout: float = 300.0) -> Iterator[LiveInstallation]:
    """The real pipeline the latency benchmarks measure (stream, isolation, correction):
    the samples published by an in-process refresh, then the stream worker started and
    waited for until it is warm and watching the inbox; stopped on exit."""
    import dagster as dg

    from orchestration.project import ensure_manifest
    from zonestats import servers

    settings = Settings(home=(home or Path(tempfile.mkdtemp(prefix="zonestats-bench-"))).resolve())
    env = {**os.environ, **settings.export_env(), "PYTHONPATH": str(REPO_ROOT)}
    ensure_manifest()  # dagster-dbt reads it when the definitions load
    from orchestration.runner import refresh_now

    ensure_state(settings)
    servers.prepare_dagster_home(settings)
    for sample in sorted(settings.samples.glob("*.txt")):
        write_to_inbox(settings, sample.name, sample.read_bytes())
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home))
    assert refresh_now(settings, instance).success, "the samples did not publish"

    from orchestration.stream_worker import READY_MESSAGE

    worker = next(s for s in servers.servers(settings.dagster_home / "workspace.yaml") if s.name == "stream worker")
    worker_log = settings.state / "logs" / "stream-worker.log"
    # the log is appended to: in a home measured before (--home) it already holds an
    # earlier worker's ready line, and only what this worker writes counts
    offset = worker_log.stat().st_size if worker_log.exists() else 0
    started = time.monotonic()
    servers.start(worker, env, settings.state / "logs")
    try:
        _wait(lambda: READY_MESSAGE in _read_from(worker_log, offset), timeout, "the worker's warm-up")
        yield LiveInstallation(settings, instance, env, worker.process.pid, time.monotonic() - started)
    finally:
        servers.stop_all([worker])
        instance.dispose()


def run_stream_bench(documents: int, home: Path | None = None, timeout: float = 300.0) -> StreamBench:
    with live_installation(home, timeout) as live:
        drops = []
        for number, data in new_bench_documents(live.settings, documents):
            doc_id = content_id(data)
            dropped_wall, dropped = time.time(), time.monotonic()
            write_to_inbox(live.settings, f"快报 {number}.txt", data)
            _wait(_PublishedFigures(live.settings, doc_id), timeout, f"document {number}", poll=0.05)
            drop = Drop(doc_id, time.monotonic() - dropped)
            _explain(drop, live.instance, dropped_wall)
            drops.append(drop)
    return StreamBench(drops, live.warmup, os.getloadavg()[0], live.worker_pid)


def print_stream_bench(result: StreamBench, print_=print) -> None:
    print_(f"{len(result.drops)} documents dropped one at a time "
           f"(worker start → warm and watching {result.warmup:.1f}s)")
    for number, drop in enumerate(result.drops):
        phases = ", ".join(f"{k} {v:.1f}" for k, v in drop.phases.items())
        print_(f"  #{number} {drop.latency:5.1f}s  ({phases})")
    if result.drops:
        print_(f"drop → visible in the published warehouse: p50 {result.percentile(50):.1f}s, "
               f"p95 {result.percentile(95):.1f}s, max {max(d.latency for d in result.drops):.1f}s")
        keys = list(dict.fromkeys(k for d in result.drops for k in d.phases))
        medians = {k: statistics.median(d.phases[k] for d in result.drops if k in d.phases) for k in keys}
        print_("median per phase (s): " + ", ".join(f"{k} {v:.1f}" for k, v in medians.items()))
    print_(f"load average at the end: {result.load_average:.1f} on {os.cpu_count()} cores "
           "(a shared machine: other work inflates these figures)")


class _PublishedFigures:
    """Whether the published file has ``doc_id``'s figures, asked of a fresh read-only
    connection, but only when the file was replaced since the last look (a new inode):
    opening the warehouse five times a second would take the CPU the pipeline measured
    here needs (6.6 s in 40 s at 10,000 documents)."""

    def __init__(self, settings: Settings, doc_id: str) -> None:
        self.path, self.doc_id, self.seen = settings.published_db, doc_id, None

    def __call__(self) -> bool:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return False
        if (stat.st_ino, stat.st_mtime_ns) == self.seen:
            return False
        self.seen = (stat.st_ino, stat.st_mtime_ns)
        try:
            with duckdb.connect(str(self.path), read_only=True) as con:
                query = "select count(*) from fct_figures where doc_id = ?"
                return con.execute(query, [self.doc_id]).fetchone()[0] > 0
        except duckdb.Error:
            self.seen = None  # replaced again while opening: look again
            return False


def _read_from(path: Path, offset: int) -> str:
    with path.open("rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace")


def _wait(predicate, timeout: float, what: str, poll: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f}s for {what}")
        time.sleep(poll)


def _explain(drop: Drop, instance, dropped_at: float) -> None:
    """Where the time went, from the records of the run that processed the drop."""
    from datetime import datetime, timezone

    import dagster as dg

    from orchestration.recovery import run_pid

    # drops are one at a time: the first refresh created after the drop processed it
    after = datetime.fromtimestamp(dropped_at, timezone.utc)
    filters = dg.RunsFilter(job_name="refresh", created_after=after)
    deadline = time.monotonic() + 60
    while True:  # the run records its last events just after the publish we saw
        runs = instance.get_run_records(filters=filters, limit=1, ascending=True)
        if not runs or runs[0].end_time is not None or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if not runs or runs[0].end_time is None:
        return
    record = runs[0]
    drop.run_id = record.dagster_run.run_id
    drop.run_pid = run_pid(instance, drop.run_id)
    phases = {
        "notice": record.create_timestamp.timestamp() - dropped_at,
        "launch": (record.start_time or 0) - record.create_timestamp.timestamp(),
    }
    steps: dict[str, float] = {}
    of_type = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS}
    for entry in instance.all_logs(record.dagster_run.run_id, of_type=of_type):
        key = entry.step_key or "?"
        if entry.dagster_event.event_type == dg.DagsterEventType.STEP_START:
            steps[key] = -entry.timestamp
        elif key in steps:
            steps[key] += entry.timestamp
    phases |= steps
    phases["between steps"] = record.end_time - record.start_time - sum(steps.values())
    drop.phases = phases

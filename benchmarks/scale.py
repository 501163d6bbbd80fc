"""``zonestats bench``: the scale figures in one table, measured on a synthetic corpus.

What it measures (each a median of several runs; the table says how many):

- extraction throughput in characters per second, on one core and on all cores, beside a
  plain regex scan for numbers over the same text in the same run;
- a bulk load of N documents from an empty installation to a published warehouse: the
  wall time and the peak memory of ``zonestats refresh`` run as a child process, summed
  over its process tree (dbt runs as a grandchild), sampled with psutil;
- adding one document to an installation that holds N, which should not grow with N:
  through the running pipeline (``zonestats bench stream`` on that installation: the
  daemon's sensor, run and publish, from the drop to the figures in the published
  file), and with the same command as the load (a new process);
- validation of 1 M figures and the app's page queries on 1 M figures, from the
  benchmarks of those parts, when they are there.

Loads run ``python -m zonestats.cli refresh`` in a fresh ``ZONESTATS_HOME``, exactly what
a user runs, so the figures include interpreter start-up, Dagster and dbt.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import psutil

from benchmarks.synth import generate
from zonestats.settings import REPO_ROOT, Settings, put_app_on_path

# What "merely finding the numbers" costs: the baseline the extractor is compared with
# (the same expression ``zonestats bench extract`` uses on the sample documents).
NUMBERS = re.compile(r"\d+(\.\d+)?")
LARGE = 5_000  # loads at least this big run ``large_repeats`` times instead of ``load_repeats``
CORPUS_SEED = 2024
ADD_SEED = 2025  # the documents added one at a time come from another corpus
APP_FIGURES = 1_000_000
APP_VIEWS = 20  # cold views per page for the app's p95


@dataclass(frozen=True, slots=True)
class Row:
    what: str
    size: str
    result: str
    runs: str


@dataclass(frozen=True, slots=True)
class Run:
    """One child process: wall seconds, peak RSS of its process tree, exit code."""

    seconds: float
    peak_rss: int
    returncode: int
    log: Path


# -- extraction -------------------------------------------------------------------------


def _extract_all(texts: Sequence[str]) -> int:
    from extract.figures import extract_figures

    return sum(len(extract_figures(text, f"d{i}")) for i, text in enumerate(texts))


def _scan_numbers(texts: Sequence[str]) -> int:
    return sum(1 for text in texts for _ in NUMBERS.finditer(text))


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def extraction_rows(texts: Sequence[str], repeats: int) -> list[Row]:
    """Characters per second: extractor on one core, on all cores, and the regex scan."""
    cores = os.cpu_count() or 1
    chars = sum(map(len, texts))
    size = f"{len(texts):,} docs, {chars / 1e6:.1f} M chars"
    _extract_all(texts[:1])  # load dictionaries and the gazetteer outside the timing
    one = statistics.median(_timed(lambda: _extract_all(texts)) for _ in range(repeats))
    scan = statistics.median(_timed(lambda: _scan_numbers(texts)) for _ in range(repeats))
    chunks = [texts[i::cores * 4] for i in range(cores * 4)]
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(_extract_all, [c[:1] for c in chunks]))  # start and warm the workers
        every = statistics.median(
            _timed(lambda: sum(pool.map(_extract_all, chunks))) for _ in range(repeats)
        )
    runs = f"median of {repeats}"
    return [
        Row("extraction, 1 core", size, f"{chars / one:,.0f} chars/s", runs),
        Row(f"extraction, all {cores} cores", size, f"{chars / every:,.0f} chars/s", runs),
        Row("regex scan for numbers, 1 core", size, f"{chars / scan:,.0f} chars/s", runs),
        Row("extraction time / regex scan time", size, f"{one / scan:,.0f}×", runs),
    ]


# -- loads --------------------------------------------------------------------------------


def refresh(home: Path, log: Path) -> Run:
    """Run ``zonestats refresh`` for ``home`` in a child process; time it, sample its memory."""
    env = {
        **os.environ,
        "ZONESTATS_HOME": str(home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        # dbt is found next to the interpreter (the project's virtualenv)
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "COLUMNS": "120",
    }
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        child = psutil.Popen(
            [sys.executable, "-m", "zonestats.cli", "refresh"],
            cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
        peak = _PeakRss(child)
        peak.start()
        returncode = child.wait()
        seconds = time.perf_counter() - started
        peak.stop()
    return Run(seconds, peak.peak, returncode, log)


class _PeakRss(threading.Thread):
    """Samples the summed RSS of a process and all its descendants until stopped.

    ``getrusage(RUSAGE_CHILDREN)`` would give the largest single process ever waited
    for by this one, across runs; the tree's sum is what the machine must hold.
    """

    def __init__(self, process: psutil.Process, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.process, self.interval, self.peak = process, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = 0
            try:
                tree = [self.process, *self.process.children(recursive=True)]
            except psutil.Error:
                break
            for proc in tree:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def fresh_home(root: Path, docs: Sequence[Path]) -> Path:
    """An empty installation whose inbox holds ``docs``."""
    shutil.rmtree(root, ignore_errors=True)
    inbox = Settings(home=root).inbox
    inbox.mkdir(parents=True)
    for doc in docs:
        shutil.copyfile(doc, inbox / doc.name)
    return root


def _failed(run: Run) -> str:
    lines = run.log.read_text(encoding="utf-8", errors="replace").strip().splitlines() or [""]
    reason = next((line for line in reversed(lines) if "Error" in line), lines[-1])
    return f"FAILED (exit {run.returncode}, log {run.log}): {reason.strip()[:200]}"


def load_rows(
    corpus: Sequence[Path], extra: Sequence[Path], sizes: Sequence[int], repeats: int,
    load_repeats: int, large_repeats: int, workdir: Path, stream_drops: int = 0,
) -> list[Row]:
    """Bulk loads from empty, then one-document additions to each loaded installation:
    ``stream_drops`` through the running pipeline, ``repeats`` with ``zonestats refresh``."""
    rows: list[Row] = []
    for n in sizes:
        docs = corpus[:n]
        chars = sum(len(p.read_text(encoding="utf-8")) for p in docs)
        size = f"{n:,} docs, {chars / 1e6:.1f} M chars"
        times = load_repeats if n < LARGE else large_repeats
        home = workdir / f"load-{n}"
        loads: list[Run] = []
        for i in range(times):
            run = refresh(fresh_home(home, docs), workdir / f"load-{n}-{i}.log")
            if run.returncode:
                rows.append(Row("bulk load, empty → published", size, _failed(run), f"run {i + 1}"))
                break
            loads.append(run)
        if not loads or len(loads) < times:
            continue
        runs = f"median of {times}" if times > 1 else "1 run"
        wall = statistics.median(r.seconds for r in loads)
        rows.append(Row("bulk load, empty → published: wall", size, f"{wall:,.1f} s ({n / wall:,.1f} docs/s)", runs))
        rows.append(Row("bulk load: peak RSS of the process tree", size,
                        f"{statistics.median(r.peak_rss for r in loads) / 2**20:,.0f} MiB", runs))
        if stream_drops:
            rows.append(stream_row(home, n, stream_drops))
        adds: list[Run] = []
        for i, doc in enumerate(extra[:repeats]):
            shutil.copyfile(doc, Settings(home=home).inbox / doc.name)
            run = refresh(home, workdir / f"add-{n}-{i}.log")
            if run.returncode:
                rows.append(Row(f"add one document to {n:,}", size, _failed(run), f"run {i + 1}"))
                break
            adds.append(run)
        if len(adds) == min(repeats, len(extra)):
            rows.append(Row(f"add one document with {n:,} loaded, zonestats refresh (a new process): wall",
                            f"{n:,} + 1 docs", f"{statistics.median(r.seconds for r in adds):,.1f} s",
                            f"median of {len(adds)}"))
    return rows


def stream_row(home: Path, n: int, drops: int) -> Row:
    """Documents dropped one at a time into the running pipeline of an installation of ``n``."""
    from benchmarks.stream import run_stream_bench

    what = f"add one document with {n:,} loaded, running pipeline: drop → published"
    try:
        result = run_stream_bench(drops, home)
    except Exception as err:  # a failed row says why; the rest of the table still prints
        return Row(what, f"{n:,} + 1 docs", f"FAILED: {err!r}"[:200], f"{drops} drops")
    return Row(what, f"{n:,} + 1 docs", f"p50 {result.percentile(50):.1f} s, p95 {result.percentile(95):.1f} s",
               f"{drops} drops")


# -- benchmarks owned elsewhere ---------------------------------------------------------
# The validation and app benchmarks live with their code (``zonestats bench validate``,
# ``zonestats bench app``); the table calls them when they are there.


def validation_rows() -> list[Row]:
    """Great Expectations on a build of 1 M generated figures (benchmarks.validation)."""
    try:
        from benchmarks.validation import run_bench
    except ImportError:
        return [Row("validation (all suites + Data Docs)", "", "n/a (not available)", "")]
    result = run_bench()
    outcome = "" if result.passed else ", FAILED"
    return [Row("validation (all suites + Data Docs)", f"{result.figures:,} figures",
                f"{result.validate_seconds:,.1f} s wall, {result.validate_cpu_seconds:,.1f} s CPU{outcome}", "1 run")]


def app_rows(workdir: Path) -> list[Row]:
    """The app's page queries on a 1 M-figure warehouse built by dbt (benchmarks.app_pages): worst page p95."""
    put_app_on_path()
    from benchmarks import app_pages as app_bench

    home = workdir / "app-1M"
    db = Settings(home=home).published_db
    if not db.exists():
        shutil.rmtree(home, ignore_errors=True)
        app_bench.build(home, APP_FIGURES)
    timings = app_bench.time_pages(db, APP_VIEWS)
    worst = max(timings, key=lambda t: t.p95_ms)
    return [Row("app page queries, slowest page p95", f"{APP_FIGURES / 1e6:.0f} M figures",
                f"{worst.p95_ms:,.0f} ms ({worst.page}; target ≤ 300 ms)", f"{APP_VIEWS} cold views a page")]


# -- the whole table --------------------------------------------------------------------


def corpus_files(workdir: Path, n: int, seed: int) -> list[Path]:
    """The first ``n`` documents of the synthetic corpus ``seed``, generated once per workdir."""
    folder = workdir / f"corpus-seed{seed}-{n}"
    if not (folder / "truth.jsonl").exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, n, seed)
    return sorted((folder / "docs").glob("*.txt"))


def run_all(sizes: Sequence[int], repeats: int, load_repeats: int, large_repeats: int, extract_docs: int,
            workdir: Path, progress: Callable[[str], None] = lambda _: None, stream_drops: int = 10) -> list[Row]:
    """Every row of the table: extraction and additions ``repeats`` times, loads
    ``load_repeats`` times (``large_repeats`` from LARGE documents on), ``stream_drops``
    additions through the running pipeline per size."""
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = corpus_files(workdir, max([*sizes, extract_docs]), CORPUS_SEED)
    extra = corpus_files(workdir, repeats, ADD_SEED)
    progress(f"extraction throughput on {extract_docs:,} documents")
    rows = extraction_rows([p.read_text(encoding="utf-8") for p in corpus[:extract_docs]], repeats)
    progress(f"loads of {', '.join(map(str, sizes))} documents (logs in {workdir})")
    loaded = load_rows(corpus, extra, sizes, repeats, load_repeats, large_repeats, workdir, stream_drops)
    progress("validation benchmark")
    rows += loaded + validation_rows()
    progress("app benchmark")
    return rows + app_rows(workdir)


def machine() -> str:
    """The machine, and how busy it was: other work on the cores inflates every figure."""
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
            f"Python {sys.version.split()[0]}, load average {load:.1f}")


def markdown(rows: Iterable[Row], command: str, when: str) -> str:
    lines = [
        f"Measured {when} on {machine()} with",
        "",
        f"    {command}",
        "",
        "| measure | size | result | runs |",
        "|---|---|---|---|",
        *(f"| {r.what} | {r.size} | {r.result} | {r.runs} |" for r in rows),
    ]
    return "\n".join(lines) + "\n"


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_into(doc: Path, block: str) -> None:
    """Replace the generated block between the markers of ``doc`` (the prose around stays)."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else f"{START}\n{END}\n"
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    doc.write_text(f"{before}{START}\n{block}{END}{after}", encoding="utf-8")

"""Extractor throughput on one core, beside a plain regex scan of the same text.

Times are CPU seconds of this process (``time.process_time``): the extractor is
single-threaded, so that is its cost on one core, and it is not inflated when other work
shares the machine.

The corpus is the sample documents repeated until it reaches the requested size; each
repetition is extracted as its own document (the pipeline's unit of work). The baseline
is ``re.finditer(r"\\d+(\\.\\d+)?")`` over the same documents in the same process, so the
ratio says how much the extractor costs over merely finding numbers.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from extract.figures import extract_figures
from extract.files import read_text

_BASELINE = re.compile(r"\d+(\.\d+)?")


@dataclass(frozen=True, slots=True)
class BenchResult:
    documents: int
    characters: int
    figures: int
    extract_seconds: float
    baseline_matches: int
    baseline_seconds: float

    @property
    def extract_rate(self) -> float:
        return self.characters / self.extract_seconds

    @property
    def baseline_rate(self) -> float:
        return self.characters / self.baseline_seconds


def corpus(samples: Path, chars: int) -> list[str]:
    """The sample texts, repeated in order until they total at least ``chars`` characters."""
    texts = [read_text(p) for p in sorted(samples.glob("*.txt"))]
    if not texts or not any(texts):
        raise ValueError(f"no sample text under {samples}")
    docs: list[str] = []
    total = 0
    while total < chars:
        for text in texts:
            docs.append(text)
            total += len(text)
    return docs


def run_bench(samples: Path, chars: int = 5_000_000) -> BenchResult:
    docs = corpus(samples, chars)
    extract_figures(docs[0], "warm-up")  # load the gazetteer and dictionaries outside the timing
    start = time.process_time()
    figures = sum(len(extract_figures(text, f"doc{i}")) for i, text in enumerate(docs))
    extract_seconds = time.process_time() - start
    start = time.process_time()
    matches = sum(1 for text in docs for _ in _BASELINE.finditer(text))
    baseline_seconds = time.process_time() - start
    return BenchResult(len(docs), sum(map(len, docs)), figures, extract_seconds, matches,
                       baseline_seconds)


def print_bench(result: BenchResult) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Extraction throughput, one core: {result.documents} documents, "
                        f"{result.characters:,} characters")
    for column in ("scan", "found", "seconds", "chars/s"):
        table.add_column(column, justify="right")
    table.add_row("extract_figures", f"{result.figures:,}", f"{result.extract_seconds:.2f}",
                  f"{result.extract_rate:,.0f}")
    table.add_row("regex \\d+(\\.\\d+)?", f"{result.baseline_matches:,}",
                  f"{result.baseline_seconds:.2f}", f"{result.baseline_rate:,.0f}")
    console = Console()
    console.print(table)
    console.print(f"extractor / regex time ratio: {result.extract_seconds / result.baseline_seconds:.1f}×")

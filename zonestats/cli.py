"""The ``zonestats`` command line: thin wrappers over the modules that do the work."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="zonestats: figures on China's development zones.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print throughput figures.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    format: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
) -> None:
    """Extract figure records from documents and print them to stdout."""
    import sys

    from extract.output import write_figures

    if format not in ("jsonl", "csv"):
        raise typer.BadParameter("--format must be jsonl or csv")
    write_figures(paths, format, sys.stdout)


@app.command("eval")
def evaluate(
    docs: Annotated[Path, typer.Option("--docs", help="Folder of documents (*.txt).")],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold *.jsonl files.")],
    min_span_f1: Annotated[float, typer.Option("--min-span-f1")] = 0.0,
    min_record_f1: Annotated[float, typer.Option("--min-record-f1")] = 0.0,
    show: Annotated[int, typer.Option("--show", help="Errors to list per category.")] = 30,
) -> None:
    """Score the extractor against gold annotations; exit 1 below the thresholds."""
    from extract.evaluate import evaluate_folder, print_report

    report = evaluate_folder(docs, gold)
    print_report(report, show=show)
    if report.span.f1 < min_span_f1 or report.record.f1 < min_record_f1:
        raise typer.Exit(code=1)


@bench_app.command("extract")
def bench_extract(
    samples: Annotated[Path, typer.Option("--samples")] = Path("data/samples"),
    chars: Annotated[int, typer.Option("--chars", help="Corpus size to reach.")] = 5_000_000,
) -> None:
    """Extractor throughput on one core, beside a plain regex scan of the same text."""
    from extract.bench import print_bench, run_bench

    print_bench(run_bench(samples, chars))

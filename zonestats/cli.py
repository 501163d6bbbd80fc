"""The ``zonestats`` command line: thin wrappers over the modules that do the work."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from zonestats.settings import Settings, get_settings
from zonestats.sources.cli import install_example, sources_app

app = typer.Typer(help="zonestats: figures on China's development zones.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print throughput figures; alone, the whole scale table.")
app.add_typer(bench_app, name="bench")
app.add_typer(sources_app, name="sources")
console = Console()


def _settings() -> Settings:
    settings = get_settings()
    settings.export_env()
    return settings


def _instance(settings: Settings):
    import dagster as dg

    from zonestats.servers import prepare_dagster_home

    prepare_dagster_home(settings)
    return dg.DagsterInstance.get()


def prepare_dbt() -> None:
    """Make sure dagster-dbt has a current manifest before definitions load."""
    from orchestration.project import ensure_manifest

    ensure_manifest()


@app.command()
def refresh(full: Annotated[bool, typer.Option(help="Re-process every document.")] = False) -> None:
    """Process the inbox now and publish the warehouse (what the stream worker does, synchronously)."""
    settings = _settings()
    prepare_dbt()
    from orchestration.runner import refresh_now

    with console.status("processing the inbox, building and validating the warehouse…"):
        result = refresh_now(settings, _instance(settings), full=full)
    _print_status(settings)
    if not result.success:
        console.print(f"[red]refresh failed[/red] (run {result.run_id}); the published warehouse is unchanged")
        raise typer.Exit(1)


@app.command()
def add(paths: Annotated[list[Path], typer.Argument(exists=True, help="Files or folders.")]) -> None:
    """Copy documents into the inbox (the running stream worker picks them up)."""
    from zonestats.intake import add_to_inbox

    for path in add_to_inbox(_settings(), paths):
        console.print(f"added {path.name}")


@app.command()
def run(
    host: str = "127.0.0.1",
    dagster_port: int = 3000,
    app_port: int = 8501,
    code_port: Annotated[int, typer.Option(help="Port of the Dagster code server (gRPC).")] = 4266,
    samples: Annotated[bool, typer.Option(help="Copy the shipped sample documents into the inbox.")] = True,
) -> None:
    """Load the samples, build and publish, then serve Dagster and the app until Ctrl-C."""
    from zonestats import servers

    settings = _settings()
    settings.ensure_dirs()
    install_example(settings)  # a commented sources.yml that fetches nothing until edited
    if samples:
        for sample in sorted(settings.samples.glob("*")):
            if not (settings.inbox / sample.name).exists():
                shutil.copyfile(sample, settings.inbox / sample.name)
    refresh(full=False)
    workspace = servers.write_workspace(settings, host, code_port)
    running = servers.servers(workspace, host, dagster_port, app_port, code_port)
    env = {**os.environ, **settings.export_env()}
    servers.start_all(running, env, settings.state / "logs", host)
    console.print()
    for server in running:
        console.print(f"  [bold]{server.name:18}[/bold] {server.url}")
    console.print(f"  [bold]{'warehouse':18}[/bold] {settings.published_db} (open read-only)")
    console.print(f"  [bold]{'inbox':18}[/bold] {settings.inbox}  — drop documents here")
    console.print(f"  [bold]{'web sources':18}[/bold] {settings.sources_file}  — `zonestats sources add`")
    console.print(f"  [bold]{'logs':18}[/bold] {settings.state / 'logs'}")
    console.print("\nCtrl-C stops everything.")
    servers.supervise(running)


@app.command()
def status() -> None:
    """Documents, quarantined and held-back files with reasons, the last publish, runs in progress."""
    _print_status(_settings())


def _print_status(settings: Settings) -> None:
    from zonestats.status import collect_status

    info = collect_status(settings)
    table = Table(title="zonestats", show_header=False)
    for key, value in info.items():
        table.add_row(key, str(value))
    console.print(table)


@app.command()
def validate() -> None:
    """Run the Great Expectations suites on the current build; non-zero exit on failure."""
    from zonestats.validation import data_docs_index, record_outcomes, run_suites

    settings = _settings()
    if not settings.build_db.exists():
        console.print(f"[red]no build at {settings.build_db}[/red]: run `zonestats refresh` first")
        raise typer.Exit(2)
    outcomes = run_suites(settings)
    record_outcomes(settings, outcomes)
    table = Table("suite", "table", "expectations", "blocking failures", "warnings", "passed")
    for o in outcomes:
        warnings = len(o.failures) - len(o.blocking_failures)
        table.add_row(o.suite, o.table, str(len(o.rows)), str(len(o.blocking_failures)), str(warnings), "✔" if o.success else "✘")
    console.print(table)
    for o in outcomes:
        for r in o.failures:
            console.print(f"  {'BLOCKING' if r['blocking'] else 'warning'} {o.table}: {r['expectation']}"
                          f"({r['column_name']}) {r['observed_value'] or ''} e.g. {r['unexpected_examples']}")
    console.print(f"Data Docs: {data_docs_index(settings)}")
    if not all(o.success for o in outcomes):
        raise typer.Exit(1)


@app.command()
def docs(port: int = 8080) -> None:
    """Generate the dbt docs site for the current build and serve it locally."""
    import subprocess

    from orchestration.project import dbt_project

    _settings()
    common = ["--project-dir", str(dbt_project.project_dir), "--profiles-dir", str(dbt_project.profiles_dir)]
    dbt = shutil.which("dbt") or "dbt"
    subprocess.run([dbt, "docs", "generate", *common], check=True)
    console.print(f"dbt docs on http://127.0.0.1:{port} (Ctrl-C stops)")
    subprocess.run([dbt, "docs", "serve", "--port", str(port), "--host", "127.0.0.1", "--no-browser", *common], check=False)


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
    from benchmarks.extraction import print_bench, run_bench

    print_bench(run_bench(samples, chars))


@bench_app.command("stream")
def bench_stream(
    documents: Annotated[int, typer.Option("--documents", help="Documents to drop, one at a time.")] = 10,
    home: Annotated[Path | None, typer.Option("--home", help="Home to use (default: a new temporary one).")] = None,
) -> None:
    """Latency from a file drop to its figures in the published warehouse, with the real stream worker."""
    from benchmarks.stream import print_stream_bench, run_stream_bench

    print_stream_bench(run_stream_bench(documents, home), console.print)


@bench_app.command("isolation")
def bench_isolation() -> None:
    """Issue 17's acceptance: rejected documents held back, then a plain one published (seconds)."""
    from benchmarks.isolation import print_isolation_bench, run_isolation_bench

    print_isolation_bench(run_isolation_bench(), console.print)


@bench_app.command("idle")
def bench_idle(
    seconds: Annotated[float, typer.Option(help="Length of one measurement window.")] = 60.0,
    settle: Annotated[float, typer.Option(help="Wait this long after the servers started.")] = 60.0,
    windows: Annotated[int, typer.Option(help="Consecutive windows measured; the worst is judged.")] = 5,
) -> None:
    """CPU used by an idle `zonestats run` (samples published, nothing arriving): target < 2 % of a core
    in every window."""
    from benchmarks.idle import print_idle_bench, run_idle_bench

    result = run_idle_bench(seconds, settle, windows)
    print_idle_bench(result, console.print)
    if result.worst.core_share >= 0.02:
        raise typer.Exit(1)


@bench_app.command("app")
def bench_app_pages(
    figures: Annotated[int, typer.Option(help="Synthetic figures in the warehouse.")] = 1_000_000,
    repeats: Annotated[int, typer.Option(help="Cold views timed per page.")] = 20,
    home: Annotated[Path | None, typer.Option(help="Keep the bench warehouse here (reused if built).")] = None,
) -> None:
    """p50/p95 of each app page's queries on a warehouse of synthetic figures (target p95 < 300 ms)."""
    from zonestats.settings import put_app_on_path

    put_app_on_path()
    from benchmarks.app_pages import TARGET_P95_MS, main

    timings = main(figures, repeats, home)
    if any(t.p95_ms > TARGET_P95_MS for t in timings):
        raise typer.Exit(1)


@bench_app.command("validate")
def bench_validate(figures: Annotated[int, typer.Option(help="How many generated figures.")] = 1_000_000) -> None:
    """Validation time of a build of generated (clean) figures: every suite and the Data Docs."""
    from benchmarks.validation import print_bench, run_bench

    print_bench(run_bench(figures))


@app.command()
def synth(
    docs: Annotated[int, typer.Option(help="How many documents.")],
    out: Annotated[Path, typer.Option(help="Folder for docs/, truth.jsonl and negatives.jsonl.")],
    seed: Annotated[int, typer.Option(help="Same seed, same corpus.")] = 0,
) -> None:
    """Write a synthetic corpus with its ground-truth figure records (for benchmarks and recall)."""
    import time

    from benchmarks.synth import generate

    started = time.perf_counter()
    summary = generate(out, docs, seed)
    console.print(
        f"{summary.docs} documents, {summary.chars:,} characters, {summary.figures:,} figures, "
        f"{summary.negatives:,} non-figures in {out} ({time.perf_counter() - started:.1f} s)"
    )


@bench_app.callback(invoke_without_command=True)
def bench(
    ctx: typer.Context,
    docs: Annotated[list[int], typer.Option("--docs", help="Bulk-load sizes (repeatable).")] = [1000, 10000],
    repeats: Annotated[int, typer.Option(help="Runs per extraction and addition figure (the median is shown).")] = 3,
    load_repeats: Annotated[int, typer.Option(help="Runs per bulk load below 5,000 documents.")] = 3,
    large_repeats: Annotated[int, typer.Option(help="Runs per bulk load of 5,000 documents or more.")] = 1,
    extract_docs: Annotated[int, typer.Option(help="Documents for the extraction throughput.")] = 1000,
    stream_drops: Annotated[int, typer.Option(help="Documents dropped into the running pipeline per size.")] = 10,
    workdir: Annotated[Path, typer.Option(help="Corpora, installations and logs.")] = Path("/tmp/zonestats-bench"),
    write: Annotated[Path | None, typer.Option(help="Also write the table into this Markdown file.")] = None,
) -> None:
    """Extraction throughput, bulk loads, one-document additions, validation and app queries."""
    if ctx.invoked_subcommand is not None:
        return
    import shlex
    import sys
    from datetime import date

    from benchmarks import scale

    rows = scale.run_all(docs, repeats, load_repeats, large_repeats, extract_docs, workdir, progress=console.log,
                         stream_drops=stream_drops)
    command = "zonestats " + shlex.join(sys.argv[1:])
    table = Table("measure", "size", "result", "runs", title=f"zonestats bench — {scale.machine()}")
    for row in rows:
        table.add_row(row.what, row.size, row.result, row.runs)
    console.print(table)
    console.print(f"command: {command}")
    if write:
        scale.write_into(write, scale.markdown(rows, command, date.today().isoformat()))
        console.print(f"written into {write}")


# -- corrections and accounts (issue #16) --------------------------------------------------------
corrections_app = typer.Typer(help="Analysts' corrections: list them, export reviewed documents as gold.",
                              no_args_is_help=True)
app.add_typer(corrections_app, name="corrections")
users_app = typer.Typer(help="Local accounts of the app: analysts and admins.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@app.command()
def correct(
    figure_id: Annotated[str | None, typer.Argument(help="fct_figures.figure_id of the figure to change.")] = None,
    assignments: Annotated[list[str], typer.Option("--set", help="field=value (repeatable; empty value: null).")] = [],
    reject: Annotated[str | None, typer.Option("--reject", metavar="FIGURE_ID", help="Reject as not a figure.")] = None,
    add: Annotated[str | None, typer.Option("--add", metavar="DOC_ID:START:END",
                                            help="Add a figure the extractor missed, on this span (fields by --set).")] = None,
    reviewed: Annotated[str | None, typer.Option("--reviewed", metavar="DOC_ID",
                                                 help="Mark a document's figures as reviewed.")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the correction).")] = ...,
    by: Annotated[str, typer.Option("--by", help="Who corrects (recorded as given).")] = ...,
) -> None:
    """Record one correction; the running pipeline (or `zonestats refresh`) publishes it."""
    from zonestats import corrections

    settings = _settings()
    chosen = [name for name, given in (("FIGURE_ID --set", figure_id), ("--reject", reject), ("--add", add),
                                       ("--reviewed", reviewed)) if given]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of FIGURE_ID (with --set), --reject, --add or --reviewed")
    try:
        values = corrections.parse_assignments(assignments)
        if figure_id:
            action, anchor = "set", corrections.figure_anchor(settings, figure_id)
        elif reject:
            action, anchor = "reject", corrections.figure_anchor(settings, reject)
        elif add:
            doc_id, start, end = _span(add)
            action, anchor = "add", corrections.span_anchor(settings, doc_id, start, end)
        else:
            action, anchor = "reviewed", corrections.span_anchor(settings, reviewed or "")
        row = corrections.record(settings, action, anchor, by, reason, values)
    except corrections.InvalidCorrection as err:
        console.print(f"[red]not recorded:[/red] {err}")
        raise typer.Exit(2) from None
    span = "" if row["start"] is None else f" {row['start']}-{row['end']}"
    figure = f" (figure {row['figure_id']})" if row["figure_id"] else ""
    console.print(f"recorded {row['action']} {row['correction_id']} on {row['doc_id']}{span}{figure}; "
                  "published at the next build (the running pipeline's, or `zonestats refresh`)")


def _span(spec: str) -> tuple[str, int, int]:
    try:
        doc_id, start, end = spec.rsplit(":", 2)
        return doc_id, int(start), int(end)
    except ValueError:
        raise typer.BadParameter(f"expected DOC_ID:START:END, got {spec!r}") from None


@bench_app.command("correction")
def bench_correction(
    corrections: Annotated[int, typer.Option(help="Corrections to make, one at a time.")] = 5,
    home: Annotated[Path | None, typer.Option(help="Home to use (default: a new temporary one).")] = None,
) -> None:
    """Seconds from `zonestats correct` in a shell to the correction in the published warehouse."""
    import statistics

    from benchmarks.corrections import run_correction_bench

    latencies = run_correction_bench(corrections, home)
    console.print("correct → published, s: " + ", ".join(f"{s:.1f}" for s in latencies)
                  + f"; median {statistics.median(latencies):.1f}, max {max(latencies):.1f}")

@corrections_app.command("list")
def corrections_list(
    orphaned: Annotated[bool, typer.Option("--orphaned", help="Only those that no longer apply.")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """Every correction, newest last, with whether it applies in the published warehouse."""
    import json

    from zonestats import corrections

    settings = _settings()
    statuses = corrections.published_statuses(settings)
    table = Table("when", "id", "action", "document", "span", "values", "by", "reason", "status")
    for row in corrections.read_all(settings):
        status, why = statuses.get(row["correction_id"], ("pending", "not published yet"))
        if orphaned and status != "orphaned":
            continue
        if jsonl:
            print(json.dumps({**row, "created_at": row["created_at"].isoformat(), "status": status,
                              "orphan_reason": why}, ensure_ascii=False))
            continue
        span = "" if row["start"] is None else f"{row['start']}-{row['end']} {row['text'] or ''}"
        table.add_row(f"{row['created_at']:%Y-%m-%d %H:%M:%S}", row["correction_id"], row["action"], row["doc_id"],
                      span, row["new_values"] or "", row["author"], row["reason"],
                      status + (f": {why}" if why else ""))
    if not jsonl:
        console.print(table)


@corrections_app.command("export")
def corrections_export(
    gold: Annotated[Path, typer.Option("--gold", help="Folder for <doc_id>.jsonl gold files.")],
    docs: Annotated[Path | None, typer.Option("--docs", help="Also write each document's text here "
                                                             "(for `zonestats eval --docs`).")] = None,
) -> None:
    """Write the published figures of reviewed documents as gold JSONL (docs/figures-spec.md)."""
    from zonestats import corrections

    try:
        written = corrections.export_gold(_settings(), gold, docs)
    except corrections.InvalidCorrection as err:
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(2) from None
    for doc_id, n in written.items():
        console.print(f"{gold / (doc_id + '.jsonl')}: {n} figures")
    console.print(f"{len(written)} reviewed documents exported")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Account name.")],
    role: Annotated[str, typer.Option("--role", help="analyst or admin")] = "analyst",
) -> None:
    """Create an account (or reset its password). The password is asked for, or read
    from the first line of stdin when it is not a terminal; never an argument."""
    import getpass
    import sys

    from zonestats import users

    if sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            console.print("[red]the passwords differ[/red]")
            raise typer.Exit(2)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = users.add_user(_settings(), name, role, password)
    except users.UserError as err:
        console.print(f"[red]not added:[/red] {err}")
        raise typer.Exit(2) from None
    console.print(f"account {user.name} ({user.role}) saved")


@users_app.command("list")
def users_list() -> None:
    """Accounts and roles (never their hashes)."""
    from zonestats import users

    table = Table("name", "role", "changed at", "changed by")
    for account in users.list_users(_settings()):
        table.add_row(account["name"], account["role"], account["changed_at"], account["changed_by"])
    console.print(table)


@users_app.command("remove")
def users_remove(name: str) -> None:
    """Delete an account."""
    from zonestats import users

    if not users.remove_user(_settings(), name):
        console.print(f"[red]no account {name}[/red]")
        raise typer.Exit(2)
    console.print(f"account {name} removed")


if __name__ == "__main__":
    app()


@app.command()
def indicators(
    coverage: Annotated[bool, typer.Option("--coverage", help="Share of figures mapped to an indicator.")] = False,
    docs: Annotated[list[Path] | None, typer.Option("--docs", help="Folders of documents (repeatable).")] = None,
    min_share: Annotated[float, typer.Option("--min-share", help="Exit 1 below this share.")] = 0.0,
    show: Annotated[int, typer.Option("--show", help="Unmapped subjects to list.")] = 15,
) -> None:
    """The indicator catalogue; with --coverage, how many figures of documents it maps."""
    if not coverage:
        import csv

        from zonestats.settings import REPO_ROOT

        # tab-separated, one indicator a line: readable at any terminal width, and greppable
        with open(REPO_ROOT / "dbt_project" / "seeds" / "indicators.csv", encoding="utf-8") as seed:
            for row in csv.DictReader(seed):
                typer.echo("\t".join(row[k] for k in ("indicator_id", "name_zh", "name_en", "metric", "measure", "unit")))
        return
    from zonestats.indicators import measure_coverage

    folders = docs or [Path("data/samples")]
    result = measure_coverage(folders)
    table = Table("documents", "figures", "mapped", "share")
    for folder, (mapped, total) in result.by_folder.items():
        table.add_row(folder, str(total), str(mapped), f"{mapped / total:.3f}" if total else "-")
    table.add_row("all", str(result.figures), str(result.mapped), f"{result.share:.3f}")
    console.print(table)
    if result.unmapped and show:
        unmapped = Table("metric", "measure", "subject", "figures", title="unmapped subjects, most frequent first")
        for metric, measure, subject, count in result.unmapped[:show]:
            unmapped.add_row(metric or "", measure or "", subject or "", str(count))
        console.print(unmapped)
    if result.share < min_share:
        raise typer.Exit(code=1)

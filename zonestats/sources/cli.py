"""``zonestats sources list|check|fetch|add``: the web sources of ``sources.yml``."""

from __future__ import annotations

import shutil
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from zonestats.settings import Settings, get_settings

if TYPE_CHECKING:
    from zonestats.sources.config import Source
    from zonestats.sources.fetch import SourceReport

# the HTTP client, feedparser and pydantic are imported by the commands that use them,
# not by every `zonestats` command

EXAMPLE = Path(__file__).with_name("example.yml")

sources_app = typer.Typer(help="Web pages, listings and feeds fetched on schedules (sources.yml).",
                          no_args_is_help=True)
console = Console()


class Kind(str, Enum):
    page = "page"
    listing = "listing"
    feed = "feed"


def install_example(settings: Settings) -> None:
    """Put the commented example (no source) in the home, unless a sources.yml is there."""
    if not settings.sources_file.exists():
        settings.sources_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLE, settings.sources_file)


def _configured(settings: Settings, name: str | None) -> list[Source]:
    from zonestats.sources.config import SourcesError, load_sources

    try:
        sources = load_sources(settings.sources_file)
    except SourcesError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    if name is not None:
        sources = [s for s in sources if s.name == name]
        if not sources:
            console.print(f"[red]no source named {name!r} in {settings.sources_file}[/red]")
            raise typer.Exit(2)
    return sources


@sources_app.command("list")
def list_sources() -> None:
    """What is configured."""
    settings = get_settings()
    sources = _configured(settings, None)
    if not sources:
        console.print(f"no sources in {settings.sources_file}")
        return
    table = Table("name", "kind", title=str(settings.sources_file))
    for column in ("url", "pattern"):  # shown whole, folded over lines if need be
        table.add_column(column, overflow="fold")
    for column in ("cron", "region"):
        table.add_column(column)
    for s in sources:
        table.add_row(s.name, s.kind, s.url, s.pattern or "", s.cron, s.region or "")
    console.print(table)


@sources_app.command()
def check(name: Annotated[str | None, typer.Argument(help="One source; all when left out.")] = None) -> None:
    """A dry run: read each listing or feed and say which documents a fetch would request."""
    from zonestats.sources.fetch import fetch_sources

    settings = get_settings()
    reports = fetch_sources(settings, _configured(settings, name), dry_run=True)
    for report in reports:
        console.print(f"[bold]{report.name}[/bold]: {len(report.planned)} documents")
        for url, what in report.planned:
            console.print(f"  {what:9} {url}")
        _print_errors(report)
    if any(not r.ok for r in reports):
        raise typer.Exit(1)


@sources_app.command()
def fetch(name: Annotated[str | None, typer.Argument(help="One source; all when left out.")] = None) -> None:
    """Fetch now: new and changed documents go to the inbox (the running sensor processes
    them; or run `zonestats refresh`)."""
    from zonestats.sources.fetch import fetch_sources

    settings = get_settings()
    sources = _configured(settings, name)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console) as bar:
        tasks = {s.name: bar.add_task(s.name, total=None) for s in sources}
        reports = fetch_sources(
            settings, sources, progress=lambda source, done, total: bar.update(tasks[source], completed=done, total=total)
        )
    table = Table("source", "new", "changed", "unchanged", "gone", "failed")
    for r in reports:
        table.add_row(r.name, str(len(r.new)), str(len(r.changed)), str(r.unchanged), str(len(r.gone)), str(len(r.errors)))
    console.print(table)
    for report in reports:
        _print_errors(report)
    if any(not r.ok for r in reports):
        raise typer.Exit(1)


@sources_app.command()
def add(
    name: str,
    url: str,
    kind: Annotated[Kind, typer.Option(help="What the URL is.")] = Kind.page,
    pattern: Annotated[str | None, typer.Option(help="Regex a listing's/feed's document links match.")] = None,
    cron: Annotated[str | None, typer.Option(help="When to fetch (cron; default daily 06:00).")] = None,
    region: Annotated[str | None, typer.Option(help="Region hint kept with its documents.")] = None,
) -> None:
    """Append a validated entry to sources.yml."""
    from zonestats.sources.config import SourcesError, add_source, parse_entry

    settings = get_settings()
    fields = {"name": name, "url": url, "kind": kind.value, "pattern": pattern, "cron": cron, "region": region}
    try:
        source = parse_entry({k: v for k, v in fields.items() if v is not None}, f"source {name!r}")
        add_source(settings.sources_file, source)
    except SourcesError as error:
        console.print(f"[red]not added:[/red] {error}")
        raise typer.Exit(2) from None
    console.print(f"added {source.name} ({source.kind}, {source.cron}) to {settings.sources_file}")


def _print_errors(report: SourceReport) -> None:
    for error in report.errors:
        console.print(f"  [red]failed[/red] {report.name}: {error}")

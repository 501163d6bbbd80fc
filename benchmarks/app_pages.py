"""``zonestats bench app``: how long each page's queries take on a million-figure warehouse.

Builds a warehouse with the real dbt project from synthetic per-document state (see
:mod:`benchmarks.app_warehouse`), then runs each page's statements — the very ones in
:mod:`app.queries` — uncached, as on the first view after a publish, and prints p50
and p95 of the time per page view. The target is p95 < 300 ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from app import queries
from app.data import run_console_on, run_query
from app.queries import Sql
from benchmarks.app_warehouse import build_and_publish, write_synthetic_state
from zonestats.settings import Settings

TARGET_P95_MS = 300.0
# Written into a home the bench built, so --home never writes into someone else's state.
MARKER = ".zonestats-app-bench"


@dataclass(frozen=True)
class PageTiming:
    page: str
    statements: int
    p50_ms: float
    p95_ms: float


def page_statements(db: Path) -> dict[str, list[Sql]]:
    """Each page's statements with typical parameters (a real document, region and metric)."""
    doc_id, region = run_query(db, "select doc_id, region from fct_figures where region is not null limit 1").row(0)
    every_page = [Sql(queries.TABLES), Sql(queries.VALIDATION_SUMMARY)]
    figures = queries.figures_page({}, "", 1000)
    filtered = queries.figures_page({"region": [region], "measure": ["level"]}, "主体1", 1000)
    targets_count, targets_rows = queries.targets_page({})
    return {
        "overview": [Sql(queries.OVERVIEW_COUNTS), Sql(queries.METRICS), Sql(queries.FIGURES_PER_REGION),
                     Sql(queries.REGIONS), Sql(queries.LATEST_FIGURES)],
        "provinces": [Sql(queries.REGIONS), Sql(queries.METRICS), Sql(queries.LEVEL_CHOICES),
                      Sql(queries.GROWTH_CHOICES), Sql(queries.POPULATIONS), Sql(queries.ZONE_COUNTS),
                      Sql(queries.LATEST_BY_REGION, ("revenue", "all_zones")),
                      Sql(queries.GROWTH_BY_REGION, ("revenue_growth", "all_zones")),
                      Sql(queries.LATEST_BY_REGION, ("fdi", "all_zones")),
                      Sql(queries.GROWTH_BY_REGION, ("fdi_growth", "all_zones")), Sql(queries.SCORECARD)],
        "targets": [Sql(queries.TARGET_FILTER_OPTIONS), Sql(queries.INDICATORS), targets_count, targets_rows],
        "province profile": [Sql(queries.PROVINCE_SERIES, (region,)), Sql(queries.POPULATIONS)],
        "zone profile": [Sql(queries.ZONES), Sql(queries.ZONE_SERIES, ("合肥经开区",))],
        "unmapped": [Sql(queries.UNMAPPED), Sql(queries.MAPPING_SHARE)],
        "documents": [Sql(queries.DOCUMENTS), Sql(queries.DOCUMENT_FIGURES, (doc_id,))],
        "figures": [Sql(queries.FIGURE_FILTER_OPTIONS), Sql(queries.METRICS), *figures.statements()],
        "figures (filtered)": [Sql(queries.FIGURE_FILTER_OPTIONS), *filtered.statements()],
        "quality": [Sql(queries.VALIDATION_LATEST), Sql(queries.VALIDATION_HISTORY), Sql(queries.CONFLICTS),
                    Sql(queries.QUARANTINE)],
        "sql": [Sql(queries.SCHEMA)],
        "upload": [Sql(queries.PUBLISHED_DOCUMENTS, ([doc_id],))],
    } | {"(every page)": every_page}


def time_pages(db: Path, repeats: int) -> list[PageTiming]:
    """p50/p95 over ``repeats`` cold-cache views of each page (on the pooled connection, as the app)."""
    timings = []
    for page, statements in page_statements(db).items():
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            for statement in statements:
                run_query(db, *statement)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        timings.append(PageTiming(page, len(statements), statistics.median(samples), p95))
    return timings


def time_console(db: Path, repeats: int) -> PageTiming:
    """The SQL console's default query on its locked-down connection."""
    sql = "select region, metric, count(*) as figures from fct_figures group by all order by figures desc limit 20"
    samples = sorted(run_console_on(db, sql).seconds * 1000 for _ in range(repeats))
    return PageTiming("sql (console query)", 1, statistics.median(samples), samples[round(0.95 * (len(samples) - 1))])


def build(home: Path, n_figures: int) -> tuple[Settings, float]:
    settings = Settings(home=home)
    started = time.perf_counter()
    write_synthetic_state(settings, n_figures)
    build_and_publish(settings)
    return settings, time.perf_counter() - started


def main(n_figures: int = 1_000_000, repeats: int = 20, home: Path | None = None) -> list[PageTiming]:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    with tempfile.TemporaryDirectory(prefix="zonestats-bench-") as scratch:
        root = home or Path(scratch) / "home"
        db = Settings(home=root).published_db
        marker = root / MARKER
        if marker.exists() and db.exists():  # a kept bench home: time its warehouse again
            console.print(f"reusing {db}")
        elif root.exists() and any(root.iterdir()):
            raise SystemExit(f"{root} exists and is not a bench home; give an empty or new folder")
        else:
            with console.status(f"building a warehouse of {n_figures:,} synthetic figures with dbt…"):
                _, seconds = build(root, n_figures)
            marker.write_text(f"{n_figures}\n", encoding="utf-8")
            console.print(f"built in {seconds:,.0f} s")
        figures = int(run_query(db, "select count(*) as n from fct_figures").item(0, "n"))
        console.print(f"warehouse: {figures:,} figures, {db.stat().st_size / 1e6:,.0f} MB")
        timings = time_pages(db, repeats) + [time_console(db, repeats)]
    table = Table("page", "statements", "p50 ms", "p95 ms", "≤ 300 ms", title=f"app page queries, {repeats} cold views each")
    for timing in timings:
        table.add_row(timing.page, str(timing.statements), f"{timing.p50_ms:,.0f}", f"{timing.p95_ms:,.0f}",
                      "✔" if timing.p95_ms <= TARGET_P95_MS else "✘")
    console.print(table)
    return timings

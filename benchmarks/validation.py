"""Benchmark: validate a build of generated figures (default 1 M) and print the seconds.

The generated build has what the suites read: ``fct_figures`` with documents whose
texts hold every span, ``dim_regions``, and small ``cmp_zone_counts`` / ``cmp_targets``.
The figures are clean, so the time is that of a build that passes (the common case).
"""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from zonestats.settings import Settings

REGIONS = ("全国", "湖北省", "江苏省", "安徽省", "广西壮族自治区", "天津市")
# (unit, metric, measure, text template, value maker)
KINDS_OF_FIGURE = (
    ("count", "zone_count", "level", "{}家", lambda r: r.randint(1, 500)),
    ("CNY", "revenue", "level", "{}亿元", lambda r: r.randint(1, 90000)),
    ("percent", "revenue", "growth", "{}%", lambda r: round(r.uniform(-20, 40), 1)),
    ("percent", "gdp", "share", "{}%", lambda r: round(r.uniform(1, 90), 1)),
    ("rank", "other", "rank", "第{}位", lambda r: r.randint(1, 200)),
)


@dataclass(frozen=True)
class BenchResult:
    figures: int
    documents: int
    generate_seconds: float
    validate_seconds: float
    validate_cpu_seconds: float  # this process's CPU time: what wall time is on an idle machine
    suite_seconds: dict[str, float]
    passed: bool


def make_build(settings: Settings, n_figures: int, per_document: int = 100, seed: int = 0) -> int:
    """Write a build file and document texts with ``n_figures`` clean figures; return the documents."""
    rng = random.Random(seed)
    columns: dict[str, list] = {name: [] for name in (
        "doc_id", "start", "end", "text", "value", "unit", "metric", "measure", "region", "subject", "period", "kind",
    )}
    settings.texts_dir.mkdir(parents=True, exist_ok=True)
    n_documents = -(-n_figures // per_document)
    for d in range(n_documents):
        doc_id = f"bench{d:08d}"
        region = REGIONS[d % len(REGIONS)]
        parts = [f"{region}开发区发展情况（第{d}号）。"]
        offset = len(parts[0])
        for _ in range(min(per_document, n_figures - d * per_document)):
            unit, metric, measure, template, make = rng.choice(KINDS_OF_FIGURE)
            number = make(rng)
            text = template.format(number)
            lead = f"{metric}为"
            start = offset + len(lead)
            parts.append(f"{lead}{text}；")
            offset += len(lead) + len(text) + 1
            value = number * 1e8 if unit == "CNY" else float(number)
            for name, v in (("doc_id", doc_id), ("start", start), ("end", start + len(text)), ("text", text),
                            ("value", value), ("unit", unit), ("metric", metric), ("measure", measure),
                            ("region", region), ("subject", metric), ("period", str(2015 + d % 10)), ("kind", "actual")):
                columns[name].append(v)
        with open(settings.texts_dir / f"{doc_id}.txt", "w", encoding="utf-8", newline="") as handle:
            handle.write("".join(parts))
    figures = pl.DataFrame(columns)
    settings.build_db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.build_db)) as con:
        con.register("generated", figures)
        con.execute(
            """create or replace table fct_figures as
               select doc_id, "start", "end", "text", "value", null::double as value_high, unit, metric, measure,
                      region, null::varchar as area, subject, period, kind, 'exact' as qualifier
               from generated"""
        )
        con.execute("create or replace table dim_regions as select unnest(?) as full_name", [list(REGIONS)])
        con.execute(
            """create or replace table cmp_zone_counts as
               select region, doc_id, period, sum("value") as total, null::double as national, null::double as provincial
               from fct_figures where metric = 'zone_count' group by all"""
        )
        con.execute("create or replace view int_zone_counts as select * from fct_figures where metric = 'zone_count'")
        con.execute(
            """create or replace table cmp_targets as
               select region, doc_id as target_doc_id, "start" as target_start, period as due_year
               from fct_figures where kind = 'target'"""
        )
    return n_documents


def run_bench(n_figures: int = 1_000_000) -> BenchResult:
    from zonestats.validation.runner import run_suites

    with tempfile.TemporaryDirectory(prefix="zonestats-bench-") as tmp:
        settings = Settings(home=Path(tmp))
        started = time.perf_counter()
        documents = make_build(settings, n_figures)
        generated, cpu = time.perf_counter(), time.process_time()
        outcomes = run_suites(settings)
        validated, cpu = time.perf_counter(), time.process_time() - cpu
    return BenchResult(
        figures=n_figures,
        documents=documents,
        generate_seconds=generated - started,
        validate_seconds=validated - generated,
        validate_cpu_seconds=cpu,
        suite_seconds={o.suite: o.rows[0]["run_seconds"] for o in outcomes},
        passed=all(o.success for o in outcomes),
    )


def print_bench(result: BenchResult) -> None:
    print(f"generated {result.figures:,} figures in {result.documents:,} documents in {result.generate_seconds:.1f} s")
    for suite, seconds in result.suite_seconds.items():
        print(f"  suite {suite:12} {seconds:6.1f} s")
    print(f"validate: {result.validate_seconds:.1f} s wall, {result.validate_cpu_seconds:.1f} s CPU for "
          f"{result.figures:,} figures (GX import, all suites, Data Docs){'' if result.passed else ' — FAILED'}")

"""Run the suites on the build file, keep every result, and load them for publishing."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import duckdb
import pyarrow as pa

from zonestats.settings import Settings
from zonestats.state import write_table
from zonestats.validation.suites import SUITES, Suite

RESULT_SCHEMA = pa.schema(
    [
        ("validated_at", pa.timestamp("us", tz="UTC")),
        ("suite", pa.string()),
        ("table_name", pa.string()),
        ("expectation", pa.string()),
        ("column_name", pa.string()),
        ("blocking", pa.bool_()),
        ("success", pa.bool_()),
        ("observed_value", pa.string()),
        ("unexpected_count", pa.int64()),
        ("unexpected_examples", pa.string()),
        ("run_seconds", pa.float64()),
    ]
)


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    table: str
    success: bool  # every blocking expectation held
    rows: list[dict[str, Any]]

    @property
    def failures(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if not r["success"]]


def run_suites(settings: Settings) -> list[SuiteOutcome]:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas("build")
    now = datetime.now(timezone.utc)
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        return [_run_suite(context, source, con, suite, now) for suite in SUITES]


def _run_suite(context: Any, source: Any, con: duckdb.DuckDBPyConnection, suite: Suite, now: datetime) -> SuiteOutcome:
    import great_expectations as gx

    started = time.perf_counter()
    frame = con.execute(suite.query).df()
    batch = source.add_dataframe_asset(suite.name).add_batch_definition_whole_dataframe("all")
    gx_suite = context.suites.add(gx.ExpectationSuite(name=suite.name, expectations=suite.expectations()))
    result = batch.get_batch(batch_parameters={"dataframe": frame}).validate(gx_suite)
    seconds = time.perf_counter() - started
    rows = []
    for r in result.results:
        kwargs = r.expectation_config.kwargs
        blocking = kwargs.get("mostly") is None
        res = r.result or {}
        rows.append(
            {
                "validated_at": now,
                "suite": suite.name,
                "table_name": suite.table,
                "expectation": r.expectation_config.type,
                "column_name": kwargs.get("column") or ",".join(kwargs.get("column_list", [])),
                "blocking": blocking,
                "success": bool(r.success),
                "observed_value": None if res.get("observed_value") is None else str(res.get("observed_value")),
                "unexpected_count": res.get("unexpected_count"),
                "unexpected_examples": str(res.get("partial_unexpected_list", [])[:10]) if not r.success else None,
                "run_seconds": seconds,
            }
        )
    success = all(r["success"] for r in rows if r["blocking"])
    return SuiteOutcome(suite.name, suite.table, success, rows)


def record_outcomes(settings: Settings, outcomes: list[SuiteOutcome]) -> None:
    """Keep every run's results (published with the next good build)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    rows = [row for o in outcomes for row in o.rows]
    write_table(settings.validation_dir / f"{stamp}.parquet", rows, RESULT_SCHEMA)


def load_results_into_build(settings: Settings) -> None:
    """Copy the validation history into the build file's ``validation_results`` table."""
    files = [str(p) for p in sorted(settings.validation_dir.glob("*.parquet"))]
    with duckdb.connect(str(settings.build_db)) as con:
        empty = pa.Table.from_pylist([], RESULT_SCHEMA)  # keeps the columns typed with no history
        con.register("no_results", empty)
        source = "read_parquet(?, union_by_name=true)" if files else "no_results"
        con.execute(f"create or replace table validation_results as select * from {source}", [files] if files else [])

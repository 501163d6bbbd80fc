"""Run the suites on the build file, keep every result, and load them for publishing.

Each suite validates a pandas frame read from the build file over a read-only DuckDB
connection (GX 1.x through SQLAlchemy on DuckDB is unreliable). Results are kept as one
Parquet file per run under ``var/validation/``, so the history of failed builds survives
until the next good build publishes it in its ``validation_results`` table.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Sequence

import duckdb
import pyarrow as pa

from zonestats.settings import Settings
from zonestats.state import write_table
from zonestats.validation import docs
from zonestats.validation.suites import SUITES, BuildFacts, Suite, read_facts
from zonestats.warehouse import read_status

MAX_EXAMPLES = 10
log = logging.getLogger(__name__)

RESULT_SCHEMA = pa.schema(
    [
        ("validated_at", pa.timestamp("us", tz="UTC")),
        ("suite", pa.string()),
        ("table_name", pa.string()),
        ("expectation", pa.string()),
        ("column_name", pa.string()),
        ("arguments", pa.string()),  # bounds, sets and row conditions (JSON; long sets as their size)
        ("blocking", pa.bool_()),
        ("success", pa.bool_()),
        ("observed_value", pa.string()),
        ("unexpected_count", pa.int64()),
        ("unexpected_examples", pa.string()),  # JSON: offending rows named by the suite's key
        ("run_seconds", pa.float64()),  # the whole suite's time, read + validate
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

    @property
    def blocking_failures(self) -> list[dict[str, Any]]:
        return [r for r in self.failures if r["blocking"]]


def run_suites(
    settings: Settings, suites: Sequence[Suite] = SUITES, docs_in_background: bool = False,
    only_unpublished: bool = False,
) -> list[SuiteOutcome]:
    """Validate the build file with ``suites`` and render the Data Docs site.

    With ``only_unpublished`` (a streaming build) a suite with ``loaded_since``
    validates only the rows loaded after the last published build's: the earlier ones
    passed the validation that let that build publish and have not changed since, and
    validating them all again would make every addition cost as much as the corpus.
    A row of a build that failed validation stays unpublished, so it is checked again.

    With ``docs_in_background`` the site (≈1 s of rendering) is built in a thread after
    the outcomes are known, so the publish does not wait for it; renders run one at a
    time, in the order the validations finished.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    from great_expectations.core.run_identifier import RunIdentifier

    now = datetime.now(timezone.utc)
    since = read_status(settings).get("published", {}).get("figures_loaded_through") if only_unpublished else None
    site = docs.DataDocsSite(settings)
    try:
        context = site.context()
        source = context.data_sources.add_pandas("build")
        run_id = RunIdentifier(run_name="build", run_time=now)
        with duckdb.connect(str(settings.build_db), read_only=True) as con:
            facts = read_facts(con)
            outcomes = [
                _run_suite(context, source, con, settings, suite, facts, run_id, since) for suite in suites
            ]
    except BaseException:
        site.discard()
        raise
    render = functools.partial(_render_docs, site, context, outcomes)
    if docs_in_background:
        _DOCS_RENDERER.submit(render)
    else:
        render()
    return outcomes


# One worker: sites render one at a time, in the order their validations finished.
# The interpreter waits for it at exit, so a CLI process finishes its site.
_DOCS_RENDERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="data-docs")


def _render_docs(site: docs.DataDocsSite, context: Any, outcomes: list[SuiteOutcome]) -> None:
    try:
        site.publish(context, outcomes)
    except Exception:  # the site is a report; the validation it reports already counted
        log.exception("rendering the Data Docs site failed")
    finally:
        site.discard()


def _run_suite(
    context: Any, source: Any, con: duckdb.DuckDBPyConnection, settings: Settings,
    suite: Suite, facts: BuildFacts, run_id: Any, since: str | None,
) -> SuiteOutcome:
    import great_expectations as gx

    started = time.perf_counter()
    if suite.table not in facts.tables:
        row = _row(run_id.run_time, suite, "table_exists", "", {}, blocking=True, success=False,
                   observed=f"{suite.table} is not in the build", seconds=0.0)
        return SuiteOutcome(suite.name, suite.table, False, [row])
    # via Arrow: 3x faster than .df(); categoricals: GX's row conditions then filter
    # integer codes instead of Arrow-backed strings
    frame = con.execute(suite.sql(since)).to_arrow_table().to_pandas(strings_to_categorical=True)
    if suite.prepare is not None:
        frame = suite.prepare(frame, settings)
    batch_definition = source.add_dataframe_asset(suite.table).add_batch_definition_whole_dataframe("all")
    gx_suite = context.suites.add(gx.ExpectationSuite(name=suite.name, expectations=suite.expectations(facts)))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
    )
    result = definition.run(
        batch_parameters={"dataframe": frame},
        result_format={
            "result_format": "SUMMARY",
            "unexpected_index_column_names": list(suite.key),
            "partial_unexpected_count": MAX_EXAMPLES,
        },
        run_id=run_id,
    )
    seconds = time.perf_counter() - started
    rows = [_result_row(run_id.run_time, suite, r, seconds) for r in result.results]
    success = all(r["success"] for r in rows if r["blocking"])
    return SuiteOutcome(suite.name, suite.table, success, rows)


def _result_row(validated_at: datetime, suite: Suite, r: Any, seconds: float) -> dict[str, Any]:
    config = r.expectation_config
    kwargs = dict(config.kwargs)
    columns = [kwargs.pop(k) for k in ("column", "column_A", "column_B") if kwargs.get(k)]
    columns += kwargs.pop("column_list", None) or []
    kwargs.pop("batch_id", None)
    res = r.result or {}
    if res.get("observed_value") is not None:
        observed = str(res["observed_value"])
    elif res.get("unexpected_count") is not None:
        observed = f"{res['unexpected_count']} unexpected of {res.get('element_count')}"
    else:
        observed = None
    examples = None
    if not r.success:
        examples = res.get("partial_unexpected_index_list") or res.get("partial_unexpected_list")
        examples = _json(examples[:MAX_EXAMPLES]) if examples else None
    return _row(
        validated_at, suite, config.type, ",".join(columns), kwargs,
        blocking=str(config.severity.value) == "critical", success=bool(r.success),
        observed=observed, seconds=seconds, unexpected_count=res.get("unexpected_count"), examples=examples,
    )


def _row(
    validated_at: datetime, suite: Suite, expectation: str, columns: str, arguments: dict[str, Any], *,
    blocking: bool, success: bool, observed: str | None, seconds: float,
    unexpected_count: int | None = None, examples: str | None = None,
) -> dict[str, Any]:
    args = _json({k: _abridged(v) for k, v in arguments.items() if v is not None})
    return {
        "validated_at": validated_at,
        "suite": suite.name,
        "table_name": suite.table,
        "expectation": expectation,
        "column_name": columns,
        "arguments": args,
        "blocking": blocking,
        "success": success,
        "observed_value": observed,
        "unexpected_count": unexpected_count,
        "unexpected_examples": examples,
        "run_seconds": seconds,
    }


def _abridged(value: Any) -> Any:
    """Arguments as a reader wants them: a condition as its text, a long set as its size."""
    if isinstance(value, (list, tuple, set)) and len(value) > 20:
        return f"{len(value)} values"
    if hasattr(value, "conditions") or hasattr(value, "operator"):  # a GX row condition
        return repr(value)
    return value


def _json(value: Any) -> str:
    """JSON for results: numpy scalars as numbers, anything else (conditions) as text."""

    def plain(v: Any) -> Any:
        return v.item() if hasattr(v, "item") else str(v)

    return json.dumps(value, ensure_ascii=False, default=plain)


def failure_summary(outcomes: Sequence[SuiteOutcome], limit: int = 5) -> str:
    """One line naming the blocking failures, for status.json and the app's banner."""
    parts = [
        f"{o.table}: {r['expectation']}({r['column_name']}) {r['observed_value'] or ''} e.g. {r['unexpected_examples']}"
        for o in outcomes for r in o.blocking_failures
    ]
    more = f" (+{len(parts) - limit} more)" if len(parts) > limit else ""
    return "validation failed — " + "; ".join(parts[:limit]) + more


def record_outcomes(settings: Settings, outcomes: Sequence[SuiteOutcome]) -> None:
    """Keep this run's results (published with the next good build)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    rows = [row for o in outcomes for row in o.rows]
    write_table(settings.validation_dir / f"{stamp}.parquet", rows, RESULT_SCHEMA)


def load_results_into_build(settings: Settings) -> None:
    """Copy the validation history into the build file's ``validation_results`` table."""
    files = [str(p) for p in sorted(settings.validation_dir.glob("[!.]*.parquet"))]  # not temp files
    with duckdb.connect(str(settings.build_db)) as con:
        con.register("no_results", pa.Table.from_pylist([], RESULT_SCHEMA))  # typed columns, no history
        if files:
            # union_by_name: files written before a column was added still load
            source = "(select * from no_results union all by name select * from read_parquet(?, union_by_name=true))"
            con.execute(f"create or replace table validation_results as {source}", [files])
        else:
            con.execute("create or replace table validation_results as select * from no_results")

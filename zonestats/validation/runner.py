"""Run the suites on the build file, keep every result, and load them for publishing.

Each suite validates a pandas frame read from the build file over a read-only DuckDB
connection (GX 1.x through SQLAlchemy on DuckDB is unreliable). Results are kept as one
Parquet file per run under ``var/validation/``, so the history of failed builds survives
until the next good build publishes it in its ``validation_results`` table.
"""

from __future__ import annotations

import atexit
import functools
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Sequence

import duckdb
import pandas as pd
import polars as pl

from zonestats.settings import Settings
from zonestats.state import write_table
from zonestats.validation import docs
from zonestats.validation.holds import Offence, offences_of
from zonestats.validation.suites import SUITES, BuildFacts, Suite, read_facts
from zonestats.warehouse import read_status

MAX_EXAMPLES = 10
# the Data Docs of a streaming build are rendered once validations pause this long, or
# at the latest this long after the oldest unrendered validation (_QuietRenderer)
DOCS_QUIET_SECONDS = 10.0
DOCS_LONGEST_WAIT_SECONDS = 60.0
log = logging.getLogger(__name__)

RESULT_SCHEMA = pl.Schema(
    [
        ("validated_at", pl.Datetime("us", "UTC")),
        ("suite", pl.String),
        ("table_name", pl.String),
        ("expectation", pl.String),
        ("column_name", pl.String),
        ("arguments", pl.String),  # bounds, sets and row conditions (JSON; long sets as their size)
        ("blocking", pl.Boolean),
        ("success", pl.Boolean),
        ("observed_value", pl.String),
        ("unexpected_count", pl.Int64),
        ("unexpected_examples", pl.String),  # JSON: offending rows named by the suite's key
        ("run_seconds", pl.Float64),  # the whole suite's time, read + validate
    ]
)


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    table: str
    success: bool  # every blocking expectation held
    rows: list[dict[str, Any]]
    # per blocking failure: its result row and every offending row (the suite's key, the
    # column and what shows the figure), or None when GX names no rows (table-level)
    offending: tuple[tuple[dict[str, Any], tuple[dict[str, Any], ...] | None], ...] = ()
    documents: int = 0  # documents with figures in the build (BuildFacts.documents)

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

    With ``only_unpublished`` (a streaming build) an ``incremental`` suite
    validates only the rows loaded after the last published build's: the earlier ones
    passed the validation that let that build publish and have not changed since, and
    validating them all again would make every addition cost as much as the corpus.
    A row of a build that failed validation stays unpublished, so it is checked again.

    With ``docs_in_background`` the site (≈1 s of rendering) is built in a thread once
    validations pause (see :class:`_QuietRenderer`), so neither the publish nor the next
    run competes with it for the interpreter.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    from great_expectations.core.run_identifier import RunIdentifier

    run_id = RunIdentifier(run_name="build", run_time=datetime.now(timezone.utc))
    since = read_status(settings).get("published", {}).get("figures_loaded_through") if only_unpublished else None
    with _VALIDATING, duckdb.connect(str(settings.build_db), read_only=True) as con:
        facts = read_facts(con, since)
        validations = [_validate(con, settings, suite, facts, run_id, since) for suite in suites]
    outcomes = [v.outcome for v in validations]
    render = functools.partial(_render_docs, docs.DataDocsSite(settings), validations, run_id)
    if docs_in_background:
        _DOCS_RENDERER.submit(render)
    else:
        render()
    return outcomes


class _QuietRenderer:
    """Renders the newest Data Docs site once validations have paused.

    Rendering is ≈1 s of pure-Python work (GX's Jinja templates). In a thread of the
    process that validated it shares the interpreter with whatever runs then, so it
    waits until no validation came for ``quiet`` seconds (but no longer than
    ``longest`` after the first site waiting): a stream of additions is not slowed by
    a render per addition. A site superseded meanwhile is never rendered; the site
    always shows the latest run, whole. At interpreter exit a waiting site is rendered
    at once, so a CLI process finishes it. Written here because ``concurrent.futures``
    has no coalescing, delayed executor.
    """

    def __init__(self, quiet: float, longest: float) -> None:
        self._quiet, self._longest = quiet, longest
        self._changed = threading.Condition()
        self._pending: Callable[[], None] | None = None
        self._due = self._deadline = 0.0
        self._rendering = False
        self._exiting = False
        self._thread: threading.Thread | None = None

    def submit(self, render: Callable[[], None]) -> None:
        with self._changed:
            now = time.monotonic()
            if self._pending is None:
                self._deadline = now + self._longest
            self._pending, self._due = render, min(now + self._quiet, self._deadline)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="data-docs", daemon=True)
                self._thread.start()
                atexit.register(self.finish)
            self._changed.notify_all()

    def finish(self) -> None:
        """At exit: render what is waiting now, and wait until no render is running."""
        with self._changed:
            self._exiting = True
            self._changed.notify_all()
            self._changed.wait_for(lambda: self._pending is None and not self._rendering)

    def _work(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._pending is not None)
                while not self._exiting and (wait := self._due - time.monotonic()) > 0:
                    self._changed.wait(wait)
                render, self._pending, self._rendering = self._pending, None, True
            try:
                render()
            finally:
                with self._changed:
                    self._rendering = False
                    self._changed.notify_all()


_DOCS_RENDERER = _QuietRenderer(quiet=DOCS_QUIET_SECONDS, longest=DOCS_LONGEST_WAIT_SECONDS)
# GX contexts are not thread-safe: one validation at a time per process (the daemon may
# run the sensor's run and the schedule's at once; a validation takes about a second)
_VALIDATING = threading.Lock()


@dataclass(frozen=True)
class _Validation:
    """One suite's outcome, with what the Data Docs render from."""

    outcome: SuiteOutcome
    suite: Any = None  # the GX ExpectationSuite (None when the table is missing)
    result: Any = None  # its ExpectationSuiteValidationResult


def _render_docs(site: docs.DataDocsSite, validations: list[_Validation], run_id: Any) -> None:
    try:
        site.publish(
            [(v.suite, v.result) for v in validations if v.result is not None],
            [v.outcome for v in validations], run_id,
        )
    except Exception:  # the site is a report; the validation it reports already counted
        log.exception("rendering the Data Docs site failed")
    finally:
        site.discard()


@functools.cache
def _pandas_source() -> Any:
    """One GX context and pandas data source per process.

    Made once: a new context, data source and assets for every validation cost a run as
    much as the validation (≈0.3 s), and the warm daemon validates after every addition.
    """
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context.data_sources.add_pandas("build")


@functools.cache
def _batch_definition(table: str) -> Any:
    """The whole-frame batch definition of ``table``'s data asset."""
    return _pandas_source().add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")


def _validate(
    con: duckdb.DuckDBPyConnection, settings: Settings, suite: Suite, facts: BuildFacts, run_id: Any,
    since: str | None,
) -> _Validation:
    import great_expectations as gx

    started = time.perf_counter()
    if suite.table not in facts.tables:
        row = _row(run_id.run_time, suite, "table_exists", "", {}, blocking=True, success=False,
                   observed=f"{suite.table} is not in the build", seconds=0.0)
        return _Validation(SuiteOutcome(suite.name, suite.table, False, [row], offending=((row, None),)))
    # via Arrow: 3x faster than .df(); categoricals: GX's row conditions then filter
    # integer codes instead of Arrow-backed strings
    frame = con.execute(suite.sql(since)).to_arrow_table().to_pandas(strings_to_categorical=True)
    if suite.prepare is not None:
        frame = suite.prepare(frame, settings)
    gx_suite = gx.ExpectationSuite(name=suite.name, expectations=suite.expectations(facts))
    batch = _batch_definition(suite.table).get_batch(batch_parameters={"dataframe": frame})
    # BASIC (observed values, a few unexpected values) costs about two thirds of SUMMARY;
    # every offending row named by the suite's key (COMPLETE: which documents to hold
    # back, zonestats/validation/holds.py) is wanted only when something failed
    result = batch.validate(gx_suite, result_format="BASIC")
    if not result.success:
        result = batch.validate(gx_suite, result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": list(suite.key),
            "partial_unexpected_count": MAX_EXAMPLES,
        })
    result.meta |= {"run_id": run_id, "validation_time": run_id.run_time, "batch_id": batch.id}
    seconds = time.perf_counter() - started
    rows = [_result_row(run_id.run_time, suite, r, seconds) for r in result.results]
    success = all(r["success"] for r in rows if r["blocking"])
    offending = tuple(
        (row, _offending_rows(frame, suite, row, r)) for row, r in zip(rows, result.results)
        if row["blocking"] and not row["success"]
    )
    return _Validation(SuiteOutcome(suite.name, suite.table, success, rows, offending, facts.documents), gx_suite, result)


# what shows an offending figure to a reader, beside the suite's key and the failing column
_SHOWN_COLUMNS = ("text", "value", "unit", "metric", "region", "period")


def _offending_rows(
    frame: Any, suite: Suite, row: dict[str, Any], r: Any
) -> tuple[dict[str, Any], ...] | None:
    """Every row that broke the expectation, as the suite read it; None when GX names
    none (a table-level expectation) or cannot name them by the suite's key."""
    index = (r.result or {}).get("unexpected_index_list")
    if not index or not isinstance(index[0], dict):
        return None
    key = list(suite.key)
    columns = [c for c in (*key, *row["column_name"].split(","), *_SHOWN_COLUMNS) if c and c in frame]
    # keys as plain objects on both sides: the frame's strings are categoricals
    shown = frame[list(dict.fromkeys(columns))].drop_duplicates(key).astype(object)
    merged = pd.DataFrame(index)[key].astype(object).merge(shown, on=key, how="left")
    return tuple(merged.astype(object).where(merged.notna(), None).to_dict("records"))


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


def offences(outcomes: Sequence[SuiteOutcome]) -> list[Offence] | None:
    """The documents whose rows explain every blocking failure, or None when some
    failure is not a document's (see :func:`zonestats.validation.holds.offences_of`)."""
    return offences_of(
        [(o.suite, row, rows) for o in outcomes for row, rows in o.offending],
        max((o.documents for o in outcomes), default=0),
    )


def record_outcomes(settings: Settings, outcomes: Sequence[SuiteOutcome]) -> None:
    """Keep this run's results (published with the next good build)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    rows = [row for o in outcomes for row in o.rows]
    write_table(settings.validation_dir / f"{stamp}.parquet", rows, RESULT_SCHEMA)


def load_results_into_build(settings: Settings) -> None:
    """Copy the validation history into the build file's ``validation_results`` table."""
    files = [str(p) for p in sorted(settings.validation_dir.glob("[!.]*.parquet"))]  # not temp files
    with duckdb.connect(str(settings.build_db)) as con:
        con.register("no_results", pl.DataFrame(schema=RESULT_SCHEMA))  # typed columns, no history
        if files:
            # union_by_name: files written before a column was added still load
            source = "(select * from no_results union all by name select * from read_parquet(?, union_by_name=true))"
            con.execute(f"create or replace table validation_results as {source}", [files])
        else:
            con.execute("create or replace table validation_results as select * from no_results")

"""Great Expectations suites as blocking Dagster asset checks on the warehouse models.

Each suite is one check on the dbt model it validates (``gx_figures`` on ``fct_figures``
…). One multi-check runs them all, so the build file is opened and GX is set up once per
run. A failed blocking check stops the run before ``published_warehouse``: the published
file stays as it was, and the reason is recorded for the app's banner. Every run's
results are kept and published with the next good build.
"""


from collections.abc import Iterator

import dagster as dg

from orchestration.assets.warehouse import warehouse
from orchestration.resources import ZonestatsHome
from zonestats.validation import data_docs_page, failure_summary, record_outcomes, run_suites
from zonestats.validation.suites import SUITES, Suite
from zonestats.warehouse import record_failed_build

# only the suites whose model the dbt project builds: a check needs its asset to exist
CHECKED_SUITES: tuple[Suite, ...] = tuple(s for s in SUITES if dg.AssetKey(s.table) in warehouse.keys)


def _check_name(suite: Suite) -> str:
    return f"gx_{suite.name}"


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            name=_check_name(suite),
            asset=dg.AssetKey(suite.table),
            blocking=True,
            description=f"Great Expectations suite `{suite.name}` on the build's `{suite.table}`.",
        )
        for suite in CHECKED_SUITES
    ],
)
def great_expectations_suites(context: dg.AssetCheckExecutionContext, zonestats: ZonestatsHome) -> Iterator[dg.AssetCheckResult]:
    settings = zonestats.settings
    # the figures the last publish had were validated then; a full build reloads them all
    outcomes = run_suites(settings, CHECKED_SUITES, docs_in_background=True, only_unpublished=True)
    record_outcomes(settings, outcomes)
    if not all(o.success for o in outcomes):
        reason = failure_summary(outcomes)
        context.log.error(reason)
        record_failed_build(settings, reason)
    docs = data_docs_page(settings)  # rendered in the background, after this check
    for suite, outcome in zip(CHECKED_SUITES, outcomes):
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(outcome.table),
            check_name=_check_name(suite),
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "expectations": len(outcome.rows),
                "blocking_failures": len(outcome.blocking_failures),
                "warnings": len(outcome.failures) - len(outcome.blocking_failures),
                "failures": dg.MetadataValue.json(
                    [
                        {k: r[k] for k in ("expectation", "column_name", "blocking", "observed_value", "unexpected_examples")}
                        for r in outcome.failures
                    ]
                ),
                "data_docs": dg.MetadataValue.path(str(docs)),
            },
        )

"""Great Expectations suites as blocking Dagster asset checks on the warehouse models.

One multi-check reads the build file once and reports each suite on the asset it
validates. A failed blocking check stops the run before ``published_warehouse``, so
the published file stays as it was; the reason is recorded for the app's banner.
"""


from collections.abc import Iterator

import dagster as dg

from orchestration.resources import ZonestatsHome
from zonestats.validation import record_outcomes, run_suites
from zonestats.validation.suites import SUITES
from zonestats.warehouse import record_failed_build


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name=f"gx_{suite.name}", asset=dg.AssetKey(suite.table), blocking=True)
        for suite in SUITES
    ],
)
def great_expectations_suites(zonestats: ZonestatsHome) -> Iterator[dg.AssetCheckResult]:
    settings = zonestats.settings
    outcomes = run_suites(settings)
    record_outcomes(settings, outcomes)
    failed = [o for o in outcomes if not o.success]
    if failed:
        reasons = "; ".join(
            f"{o.suite}: {r['expectation']}({r['column_name']}) e.g. {r['unexpected_examples']}"
            for o in failed for r in o.failures if r["blocking"]
        )
        record_failed_build(settings, f"validation failed — {reasons}")
    for outcome in outcomes:
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(outcome.table),
            check_name=f"gx_{outcome.suite}",
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "expectations": len(outcome.rows),
                "failed": len(outcome.failures),
                "failures": dg.MetadataValue.json(
                    [{k: r[k] for k in ("expectation", "column_name", "blocking", "unexpected_examples")} for r in outcome.failures]
                ),
            },
        )

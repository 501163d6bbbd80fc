"""Great Expectations suites as blocking Dagster asset checks on the warehouse models.

Each suite is one check on the dbt model it validates (``gx_figures`` on ``fct_figures``
…). One multi-check runs them all, so the build file is opened and GX is set up once per
run. Every run's results are kept and published with the next good build.

Isolate, don't block: when blocking expectations fail and the offending rows name the
documents that explain every failure, those documents are held back
(zonestats/validation/holds.py), the build is made again without them and validated
once more. Only a failure that remains, or that no document explains, fails the check:
it stops the run before ``published_warehouse``, the published file stays as it was,
and the reason is recorded for the app's banner. The check runs in the build pool,
since holding documents back rebuilds the build file.
"""


from collections.abc import Iterator
from typing import Any

import dagster as dg

from orchestration.assets.warehouse import BUILD_POOL, warehouse
from orchestration.dbt_build import DbtBuild, DbtBuildFailed
from orchestration.resources import ZonestatsHome
from zonestats.settings import Settings
from zonestats.validation import SuiteOutcome, data_docs_page, failure_summary, record_outcomes, run_suites
from zonestats.validation.holds import held_documents, hold
from zonestats.validation.runner import offences
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
    pool=BUILD_POOL,
)
def great_expectations_suites(
    context: dg.AssetCheckExecutionContext, zonestats: ZonestatsHome, dbt: DbtBuild
) -> Iterator[dg.AssetCheckResult]:
    settings = zonestats.settings
    outcomes = _validate(settings)
    held: list[str] = []
    if not all(o.success for o in outcomes) and (found := offences(outcomes)):
        held = hold(settings, found)
        context.log.warning(f"held back {len(held)} document(s) and rebuilding without them: "
                            + "; ".join(sorted({o.reason for o in found}))[:2000])
        try:
            dbt.rebuild(settings)
        except DbtBuildFailed as err:
            record_failed_build(settings, f"dbt build without the held-back documents failed — {err}")
            raise dg.Failure(description=f"dbt build without the held-back documents failed: {err}") from err
        outcomes = _validate(settings)
    if not all(o.success for o in outcomes):
        reason = failure_summary(outcomes)
        context.log.error(reason)
        record_failed_build(settings, reason)
    docs = data_docs_page(settings)  # rendered in the background, after this check
    held_now = [d for d in held_documents(settings) if d["doc_id"] in held]
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
                # documents this run held back (their rows broke a blocking expectation)
                "held_back": len(held_now),
                "held_back_documents": dg.MetadataValue.json(held_documents_metadata(held_now)),
                "data_docs": dg.MetadataValue.path(str(docs)),
            },
        )


def held_documents_metadata(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Held-back documents as Dagster metadata: JSON-safe, the offending figures abridged."""
    return [
        {"doc_id": d["doc_id"], "file_name": d["file_name"], "held_at": str(d["held_at"]),
         "reason": d["reason"], "figures": d["figures"][:5]}
        for d in documents
    ]


def _validate(settings: Settings) -> list[SuiteOutcome]:
    # the figures the last publish had were validated then; a full build reloads them all
    outcomes = run_suites(settings, CHECKED_SUITES, docs_in_background=True, only_unpublished=True)
    record_outcomes(settings, outcomes)
    return outcomes

"""Warehouse assets: the dbt build (one writer) and the publish step (atomic swap).

Every step that writes the DuckDB build file is in the ``duckdb_build`` pool, whose
limit is 1 (dagster.yaml), so two runs never write it at once.
"""


import importlib
import threading
from collections.abc import Iterator
from typing import Any, Mapping

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, dbt_assets
from dagster_dbt.asset_utils import default_description_fn

from orchestration.dbt_build import DbtBuild, DbtBuildFailed, forget_full_build
from orchestration.project import dbt_project, table_models
from orchestration.resources import ZonestatsHome
from zonestats.validation import load_results_into_build
from zonestats.validation.holds import held_documents, release_stale_holds
from zonestats.warehouse import publish, record_failed_build, recover_build

BUILD_POOL = "duckdb_build"


class WarehouseTranslator(DagsterDbtTranslator):
    """Put dbt models in the ``warehouse`` group, and its sources on our ingest assets.

    dbt's data tests are not made Dagster asset checks: a failing test already fails the
    build (and so blocks the publish, with its reason), and ≈80 checks would cost every
    run ≈80 planned and ≈80 evaluation events in the event log, seconds on the path from
    a file drop to its publish. The Great Expectations suites are the asset checks.

    Descriptions are dbt's own, without the model's SQL: the asset links to its SQL file
    instead (code references). Every Dagster process holds the code location's snapshot,
    and the daemon fetches it anew every minute; the SQL was a third of it.
    """

    def __init__(self) -> None:
        super().__init__(
            settings=DagsterDbtTranslatorSettings(enable_asset_checks=False, enable_code_references=True)
        )

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "warehouse"

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        return default_description_fn(dbt_resource_props, display_raw_sql=False)


class WarehouseConfig(dg.Config):
    """``full`` rebuilds every dbt node (the daily full refresh); otherwise a streaming
    build runs only what new documents can change (see orchestration/dbt_build.py)."""

    full: bool = False


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(),
    pool=BUILD_POOL,
)
def warehouse(
    context: dg.AssetExecutionContext, config: WarehouseConfig, dbt: DbtBuild, zonestats: ZonestatsHome
) -> Iterator[Any]:
    """dbt build into the build file: staging → dimensions, facts, comparisons, with dbt tests."""
    settings = zonestats.settings
    settings.export_env()
    state = recover_build(settings)
    if state not in ("ok", "absent"):
        context.log.warning(f"build file did not open after a crash: {state}")
        forget_full_build(settings)
    # a held-back document whose content, extraction or rules changed is tried again
    if released := release_stale_holds(settings):
        context.log.info(f"released {len(released)} held-back document(s) to validate again: {', '.join(released)}")
    # the checks that follow need great_expectations, a multi-second import: start it
    # now, in this process, so it overlaps dbt instead of following it
    threading.Thread(target=importlib.import_module, args=("great_expectations",), daemon=True).start()
    try:
        yield from dbt.build(context, settings, full=config.full)
    except DbtBuildFailed as err:
        # a failed dbt test blocks the publish like a failed expectation: say why
        record_failed_build(settings, f"dbt build failed — {err}")
        raise dg.Failure(description=f"dbt build failed: {err}") from err


# The tables a streaming build always rebuilds: publishing waits for them. (Depending on
# every dbt asset would skip the publish when a build leaves the views as they are.)
@dg.asset(deps=table_models(), pool=BUILD_POOL, group_name="publish", kinds={"duckdb"})
def published_warehouse(context: dg.AssetExecutionContext, zonestats: ZonestatsHome) -> dg.MaterializeResult:
    """The validated build, swapped atomically into the file readers open read-only.

    Runs only when every blocking check on the warehouse passed in this run.
    """
    settings = zonestats.settings
    load_results_into_build(settings)
    result = publish(settings)
    held = held_documents(settings)
    context.log.info(f"published {result.figures} figures from {result.documents} documents"
                     + (f"; {len(held)} held back by validation" if held else ""))
    return dg.MaterializeResult(
        metadata={
            "path": str(settings.published_db),
            "documents": result.documents,
            "figures": result.figures,
            "published_at": result.published_at,
            "held_back": len(held),
            "held_back_documents": dg.MetadataValue.json(
                [{"doc_id": d["doc_id"], "file_name": d["file_name"], "reason": d["reason"]} for d in held]
            ),
        }
    )

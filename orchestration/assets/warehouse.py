"""Warehouse assets: the dbt build (one writer) and the publish step (atomic swap).

Every step that writes the DuckDB build file is in the ``duckdb_build`` pool, whose
limit is 1 (dagster.yaml), so two runs never write it at once.
"""


import importlib
import threading
from collections.abc import Iterator
from typing import Any, Mapping

import dagster as dg
from dagster_dbt.errors import DagsterDbtCliRuntimeError
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.project import dbt_project
from orchestration.resources import ZonestatsHome
from zonestats.validation import load_results_into_build
from zonestats.warehouse import publish, record_failed_build, recover_build

BUILD_POOL = "duckdb_build"


class WarehouseTranslator(DagsterDbtTranslator):
    """Put dbt models in the ``warehouse`` group, and its sources on our ingest assets."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "warehouse"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(),
    pool=BUILD_POOL,
)
def warehouse(context: dg.AssetExecutionContext, dbt: DbtCliResource, zonestats: ZonestatsHome) -> Iterator[Any]:
    """dbt build into the build file: staging → dimensions, facts, comparisons, with dbt tests."""
    settings = zonestats.settings
    settings.export_env()
    state = recover_build(settings)
    if state not in ("ok", "absent"):
        context.log.warning(f"build file did not open after a crash: {state}")
    # the checks that follow need great_expectations, a multi-second import: start it
    # now, in this process, so it overlaps the dbt subprocess instead of following it
    threading.Thread(target=importlib.import_module, args=("great_expectations",), daemon=True).start()
    try:
        yield from dbt.cli(["build"], context=context).stream()
    except DagsterDbtCliRuntimeError as err:
        # a failed dbt test blocks the publish like a failed expectation: say why
        record_failed_build(settings, f"dbt build failed — {_dbt_failure_summary(err)}")
        raise


def _dbt_failure_summary(err: Exception, max_lines: int = 3) -> str:
    """The errors dbt logged (which test or model failed), not the CLI invocation line."""
    text = str(err)
    _, _, parsed = text.partition("Errors parsed from dbt logs:")
    lines = [line.strip() for line in (parsed or text).splitlines() if line.strip()]
    return "; ".join(lines[:max_lines]) or "dbt build failed"


@dg.asset(deps=[warehouse], pool=BUILD_POOL, group_name="publish", kinds={"duckdb"})
def published_warehouse(context: dg.AssetExecutionContext, zonestats: ZonestatsHome) -> dg.MaterializeResult:
    """The validated build, swapped atomically into the file readers open read-only.

    Runs only when every blocking check on the warehouse passed in this run.
    """
    settings = zonestats.settings
    load_results_into_build(settings)
    result = publish(settings)
    context.log.info(f"published {result.figures} figures from {result.documents} documents")
    return dg.MaterializeResult(
        metadata={
            "path": str(settings.published_db),
            "documents": result.documents,
            "figures": result.figures,
            "published_at": result.published_at,
        }
    )

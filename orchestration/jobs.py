"""Jobs: the refresh (documents → figures → dbt → checks → publish) and publish-only.

Both use the in-process executor: a run's steps share one process, instead of paying
a subprocess (imports, dbt parse) per step.
"""

import dagster as dg

from orchestration.assets.ingest import documents, figures
from orchestration.assets.warehouse import published_warehouse, warehouse

refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.assets(documents, figures, warehouse, published_warehouse),
    executor_def=dg.in_process_executor,
    description="Process the pending documents, rebuild the warehouse, validate, publish.",
)

publish_job = dg.define_asset_job(
    name="rebuild",
    selection=dg.AssetSelection.assets(warehouse, published_warehouse),
    executor_def=dg.in_process_executor,
    description="Rebuild, validate and publish without new documents (e.g. after removals).",
)

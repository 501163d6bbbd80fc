"""Jobs: the refresh (documents → figures → dbt → checks → publish) and publish-only.

Both execute in process: a small refresh then starts seconds after the sensor tick,
instead of paying a subprocess per step.
"""

import dagster as dg

from orchestration.assets.ingest import documents, figures
from orchestration.assets.warehouse import published_warehouse, warehouse
from orchestration.partitions import documents_partitions

refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.assets(documents, figures, warehouse, published_warehouse),
    partitions_def=documents_partitions,
    executor_def=dg.in_process_executor,
    description="Process a range of documents, rebuild the warehouse, validate, publish.",
)

publish_job = dg.define_asset_job(
    name="rebuild",
    selection=dg.AssetSelection.assets(warehouse, published_warehouse),
    executor_def=dg.in_process_executor,
    description="Rebuild, validate and publish without new documents (e.g. after removals).",
)

"""Everything Dagster knows about zonestats, in one place.

Data flow: inbox (watched by the stream worker, orchestration/stream_worker.py) →
``documents`` (decode the pending documents) → ``figures`` (extract, one Parquet file
per document) → dbt models (one build file) → Great Expectations checks (blocking) →
``published_warehouse`` (atomic swap). A daily schedule re-runs it all; a schedule per
cron of ``sources.yml`` fetches web sources (``web_sources``) into the inbox.
"""

import dagster as dg

from orchestration.assets.ingest import documents, figures
from orchestration.assets.sources import fetch_sources_job, source_schedules, web_sources
from orchestration.assets.warehouse import published_warehouse, warehouse
from orchestration.checks import great_expectations_suites
from orchestration.dbt_build import DbtBuild
from orchestration.jobs import publish_job, refresh_job
from orchestration.project import dbt_project
from orchestration.resources import ZonestatsHome
from orchestration.schedules import daily_full_refresh
from zonestats.settings import get_settings

get_settings().export_env()  # dbt subprocesses read the build and state paths from the env

defs = dg.Definitions(
    assets=[web_sources, documents, figures, warehouse, published_warehouse],
    asset_checks=[great_expectations_suites],
    jobs=[refresh_job, publish_job, fetch_sources_job],
    schedules=[daily_full_refresh, *source_schedules(get_settings())],
    resources={
        "zonestats": ZonestatsHome(),
        "dbt": DbtBuild(project_dir=str(dbt_project.project_dir), profiles_dir=str(dbt_project.profiles_dir)),
    },
)

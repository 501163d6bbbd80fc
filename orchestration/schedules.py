"""The daily full refresh: every document re-decoded and re-extracted, one dbt build.

Picks up extractor improvements and repairs anything a crash left behind.
"""


import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from orchestration.jobs import refresh_job
from orchestration.partitions import documents_partitions


@dg.schedule(job=refresh_job, cron_schedule="30 3 * * *", default_status=dg.DefaultScheduleStatus.RUNNING)
def daily_full_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    keys = list(context.instance.get_dynamic_partitions(documents_partitions.name))
    if not keys:
        return dg.SkipReason("no documents yet")
    return dg.RunRequest(
        run_config=full_refresh_config(),
        tags={ASSET_PARTITION_RANGE_START_TAG: keys[0], ASSET_PARTITION_RANGE_END_TAG: keys[-1]},
    )


def full_refresh_config() -> dict:
    force = {"config": {"force": True}}
    return {"ops": {"documents": force, "figures": force, "warehouse": {"config": {"full": True}}}}


"""The daily full refresh: every document re-decoded and re-extracted, one dbt build.

Picks up extractor improvements and repairs anything a crash left behind.
"""

import dagster as dg

from orchestration.jobs import refresh_job


@dg.schedule(job=refresh_job, cron_schedule="30 3 * * *", default_status=dg.DefaultScheduleStatus.RUNNING)
def daily_full_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return dg.RunRequest(run_config=full_refresh_config())


def full_refresh_config() -> dict:
    force = {"config": {"force": True}}
    return {"ops": {"documents": force, "figures": force, "warehouse": {"config": {"full": True}}}}

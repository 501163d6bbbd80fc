"""Run the pipeline synchronously in this process (first build, CLI, tests, benchmarks).

What the stream worker does after a file event, except that it always runs: an
unchanged inbox is rebuilt and published again. The runs are recorded in the same
Dagster instance the webserver shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg

from orchestration.inbox_runs import DOCUMENTS_TAG, RunPlan, execute, plan_run
from orchestration.jobs import refresh_job
from orchestration.schedules import full_refresh_config
from zonestats.intake import listed_documents
from zonestats.settings import Settings


@dataclass(frozen=True)
class RefreshResult:
    success: bool
    documents: int  # documents processed in this run
    run_id: str | None


def refresh_now(settings: Settings, instance: dg.DagsterInstance, full: bool = False) -> RefreshResult:
    """Bring the published warehouse up to date with the inbox, in one batched run;
    ``full`` re-decodes and re-extracts every document (as the daily full refresh)."""
    plan = plan_run(settings, instance, always=True)
    if full:
        documents = len(listed_documents(settings))
        plan = RunPlan(refresh_job.name, plan.tags | {DOCUMENTS_TAG: str(documents)}, pending=documents)
    result = execute(plan, instance, full_refresh_config() if full else None)
    return RefreshResult(success=result.success, documents=plan.pending, run_id=result.run_id)

"""Streaming at the level of the worker's runs: bursts batch, edits and removals publish,
restarts lose nothing.

Each "wake-up" is what the stream worker does after a burst of inbox events: plan a run
(``orchestration/inbox_runs.py::plan_run``) and execute it in process against the same
instance. A worker that dies mid-run is simulated by a run record left STARTED (the
work it did before dying is done by calling the per-document functions directly), then
failed the way run monitoring (or recovery's dead-pid check) fails it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from orchestration.definitions import defs
from orchestration.inbox_runs import DOCUMENTS_TAG, LISTING_TAG, MAX_ATTEMPTS, RunPlan, execute, plan_run
from tests.conftest import make_home
from zonestats.cli import prepare_dbt
from zonestats.documents import extract_document, ingest_document, unprocessed
from zonestats.intake import content_id, write_to_inbox
from zonestats.settings import Settings

pytestmark = pytest.mark.slow

BURST = 200


def report(number: int, zones: int) -> bytes:
    """A small, distinct report: every number differs per file, so every doc_id does."""
    return (
        f"第{number}号开发区统计报告\n"
        f"截至2023年底，全市共有开发区{zones}家，其中国家级开发区{number % 9 + 1}家。\n"
        f"开发区实现规模以上工业增加值{number + 100}亿元，同比增长{number % 7 + 2}.5%。\n"
    ).encode("utf-8")


@dataclass
class Worker:
    """The stream worker's loop, one wake-up at a time: plan a run, execute it."""

    settings: Settings
    instance: dg.DagsterInstance
    runs: list[dg.ExecuteInProcessResult] = field(default_factory=list)

    def plan(self) -> RunPlan:
        return plan_run(self.settings, self.instance)

    def launch(self, plan: RunPlan) -> dg.ExecuteInProcessResult:
        result = execute(plan, self.instance)
        self.runs.append(result)
        return result

    def run_until_quiet(self, max_wakeups: int = 10) -> None:
        for _ in range(max_wakeups):
            plan = self.plan()
            if plan.job_name is None:
                return
            assert self.launch(plan).success
        raise AssertionError(f"still planning runs after {max_wakeups} wake-ups")

    def die_during(self, plan: RunPlan, finished: list[str]) -> dg.DagsterRun:
        """A started run whose process is killed after it processed ``finished``."""
        run = self.instance.create_run_for_job(
            defs.resolve_job_def(plan.job_name), tags=plan.tags, status=dg.DagsterRunStatus.STARTED
        )
        for doc_id in finished:
            ingest_document(self.settings, doc_id)
            extract_document(self.settings, doc_id)
        return run


@pytest.fixture(scope="module")
def worker(tmp_path_factory) -> Worker:
    prepare_dbt()
    return Worker(make_home(tmp_path_factory.mktemp("home")), dg.DagsterInstance.ephemeral())


def published(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def figures_on_disk(settings: Settings, doc_id: str) -> int:
    return pq.read_metadata(settings.figures_dir / f"{doc_id}.parquet").num_rows


def assert_published_exactly_once(settings: Settings, doc_ids: set[str]) -> None:
    """Each document has one live row and exactly the figures its Parquet file holds."""
    rows = dict(published(settings, "select doc_id, count(*) from dim_documents group by doc_id"))
    assert {d: rows.get(d) for d in doc_ids} == dict.fromkeys(doc_ids, 1)
    live = {d for (d,) in published(settings, "select doc_id from dim_documents where status = 'live'")}
    assert doc_ids <= live
    counts = dict(published(settings, "select doc_id, count(*) from fct_figures group by doc_id"))
    assert {d: counts.get(d, 0) for d in doc_ids} == {d: figures_on_disk(settings, d) for d in doc_ids}
    assert published(settings, "select count(*) - count(distinct figure_id) from fct_figures") == [(0,)]


def test_a_burst_is_published_in_one_batched_run(worker):
    doc_ids = {content_id(report(i, 100 + i)) for i in range(BURST)}
    for i in range(BURST):
        write_to_inbox(worker.settings, f"报告 {i}.txt", report(i, 100 + i))

    worker.run_until_quiet()

    assert len(worker.runs) == 1  # one decode/extract pass and one dbt build for all 200
    assert worker.runs[0].dagster_run.tags[DOCUMENTS_TAG] == str(BURST)
    assert not unprocessed(worker.settings, doc_ids)
    assert_published_exactly_once(worker.settings, doc_ids)
    quiet = worker.plan()
    assert quiet.job_name is None and quiet.skip_reason == "inbox unchanged"
    # one materialization per asset and run, whatever the number of documents
    documents = worker.instance.fetch_materializations(dg.AssetKey("documents"), limit=10).records
    assert len(documents) == 1


def test_an_edited_file_replaces_and_a_removed_file_leaves_the_marts(worker):
    settings = worker.settings
    edited, removed = settings.inbox / "报告 1.txt", settings.inbox / "报告 2.txt"
    old_id, removed_id = content_id(edited.read_bytes()), content_id(removed.read_bytes())
    edited.write_bytes(report(1, 999))
    os.utime(edited, ns=(1, 1))  # a different mtime even on a coarse clock
    removed.unlink()
    new_id = content_id(report(1, 999))
    runs_before = len(worker.runs)

    worker.run_until_quiet()

    assert len(worker.runs) == runs_before + 1
    status = dict(published(settings, "select doc_id, status from dim_documents"))
    assert (status[old_id], status[removed_id], status[new_id]) == ("replaced", "removed", "live")
    on_marts = {d for (d,) in published(settings, "select distinct doc_id from fct_figures")}
    assert old_id not in on_marts and removed_id not in on_marts
    assert ("999家",) in published(settings, "select text from fct_figures where doc_id = ?", [new_id])


def test_a_removal_alone_is_published_by_a_rebuild(worker):
    settings = worker.settings
    removed = settings.inbox / "报告 3.txt"
    removed_id = content_id(removed.read_bytes())
    removed.unlink()

    plan = worker.plan()
    assert plan.job_name == "rebuild"
    assert worker.launch(plan).success
    assert worker.plan().job_name is None
    status = dict(published(settings, "select doc_id, status from dim_documents"))
    assert status[removed_id] == "removed"


def test_a_restart_mid_burst_loses_and_duplicates_nothing(worker):
    settings = worker.settings
    burst = {content_id(report(i, 7)): i for i in range(BURST, BURST + 30)}
    for doc_id, i in burst.items():
        write_to_inbox(settings, f"burst-{i}.txt", report(i, 7))
    first = worker.plan()
    assert first.job_name == "refresh"

    # the run dies half way through its documents
    halfway = sorted(burst)[:15]
    dead = worker.die_during(first, halfway)
    waiting = worker.plan()  # a run still looks active (its pid, ours, is alive): wait
    assert waiting.job_name is None and waiting.waiting

    # run monitoring marks it failed; the worker restarts
    worker.instance.report_run_failed(dead)
    again = worker.plan()
    assert again.job_name == "refresh"
    assert again.tags[DOCUMENTS_TAG] == "15"

    # this run dies too, after all its documents but before dbt published them
    worker.instance.report_run_failed(worker.die_during(again, sorted(burst)[15:]))
    assert not unprocessed(settings, burst)
    third = worker.plan()
    assert third.job_name == "rebuild"  # nothing pending, yet not published
    assert third.tags[LISTING_TAG] == first.tags[LISTING_TAG]
    assert worker.launch(third).success
    assert worker.plan().job_name is None

    assert_published_exactly_once(settings, set(burst))


def test_repeated_failures_of_one_listing_stop_being_retried(worker):
    write_to_inbox(worker.settings, "one more.txt", report(999, 3))
    for _ in range(MAX_ATTEMPTS):
        plan = worker.plan()
        assert plan.job_name is not None
        worker.instance.report_run_failed(
            worker.instance.create_run_for_job(defs.resolve_job_def(plan.job_name), tags=plan.tags)
        )
    plan = worker.plan()
    assert plan.job_name is None and "gave up" in plan.skip_reason

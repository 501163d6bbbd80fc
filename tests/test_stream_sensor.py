"""Streaming at the sensor level: bursts batch, edits and removals publish, restarts lose nothing.

The sensor is evaluated the way the daemon evaluates it (its cursor carried from tick
to tick), and each run it requests is executed in process against the same instance,
after registering the partitions it asked for — what the daemon does between ticks.
A daemon that dies mid-run is simulated by a run record left STARTED (the work it did
before dying is done by calling the per-document functions directly), then failed
the way run monitoring fails it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from orchestration.definitions import defs
from orchestration.sensors import LISTING_TAG, MAX_ATTEMPTS, inbox_sensor
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
class Daemon:
    """The daemon's side of the loop: evaluate the sensor, launch what it asks for."""

    settings: Settings
    instance: dg.DagsterInstance
    cursor: str | None = None
    runs: list[dg.ExecuteInProcessResult] = field(default_factory=list)

    def tick(self) -> dg.SensorResult:
        with dg.build_sensor_context(
            instance=self.instance, resources=defs.resources, cursor=self.cursor
        ) as context:
            result = inbox_sensor(context)
        for request in result.dynamic_partitions_requests or []:
            self.instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        if result.cursor is not None:
            self.cursor = result.cursor  # the daemon stores it with the tick
        return result

    def launch(self, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
        job = defs.resolve_job_def(request.job_name)
        result = job.execute_in_process(instance=self.instance, tags=request.tags, raise_on_error=False)
        self.runs.append(result)
        return result

    def run_until_quiet(self, max_ticks: int = 10) -> None:
        for _ in range(max_ticks):
            requests = self.tick().run_requests
            if not requests:
                return
            for request in requests:
                assert self.launch(request).success
        raise AssertionError(f"sensor still requesting runs after {max_ticks} ticks")

    def die_during(self, request: dg.RunRequest, finished: list[str]) -> dg.DagsterRun:
        """A launched run whose process is killed after it processed ``finished``."""
        run = self.instance.create_run_for_job(
            defs.resolve_job_def(request.job_name), tags=request.tags, status=dg.DagsterRunStatus.STARTED
        )
        for doc_id in finished:
            ingest_document(self.settings, doc_id)
            extract_document(self.settings, doc_id)
        return run


@pytest.fixture(scope="module")
def daemon(tmp_path_factory) -> Daemon:
    prepare_dbt()
    return Daemon(make_home(tmp_path_factory.mktemp("home")), dg.DagsterInstance.ephemeral())


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


def test_a_burst_is_published_in_one_batched_run(daemon):
    doc_ids = {content_id(report(i, 100 + i)) for i in range(BURST)}
    for i in range(BURST):
        write_to_inbox(daemon.settings, f"报告 {i}.txt", report(i, 100 + i))

    daemon.run_until_quiet()

    assert len(daemon.runs) == 1  # one decode/extract pass and one dbt build for all 200
    assert daemon.runs[0].dagster_run.tags["zonestats/documents"] == str(BURST)
    assert not unprocessed(daemon.settings, doc_ids)
    assert_published_exactly_once(daemon.settings, doc_ids)
    assert not daemon.tick().run_requests  # quiet on an unchanged inbox


def test_an_edited_file_replaces_and_a_removed_file_leaves_the_marts(daemon):
    settings = daemon.settings
    edited, removed = settings.inbox / "报告 1.txt", settings.inbox / "报告 2.txt"
    old_id, removed_id = content_id(edited.read_bytes()), content_id(removed.read_bytes())
    edited.write_bytes(report(1, 999))
    os.utime(edited, ns=(1, 1))  # a different mtime even on a coarse clock
    removed.unlink()
    new_id = content_id(report(1, 999))
    runs_before = len(daemon.runs)

    daemon.run_until_quiet()

    assert len(daemon.runs) == runs_before + 1
    status = dict(published(settings, "select doc_id, status from dim_documents"))
    assert (status[old_id], status[removed_id], status[new_id]) == ("replaced", "removed", "live")
    on_marts = {d for (d,) in published(settings, "select distinct doc_id from fct_figures")}
    assert old_id not in on_marts and removed_id not in on_marts
    assert ("999家",) in published(settings, "select text from fct_figures where doc_id = ?", [new_id])


def test_a_restart_mid_burst_loses_and_duplicates_nothing(daemon):
    settings = daemon.settings
    burst = {content_id(report(i, 7)): i for i in range(BURST, BURST + 30)}
    for doc_id, i in burst.items():
        write_to_inbox(settings, f"burst-{i}.txt", report(i, 7))
    first = daemon.tick().run_requests
    assert [r.job_name for r in first] == ["refresh"]

    # the run dies half way through its documents
    halfway = sorted(burst)[:15]
    dead = daemon.die_during(first[0], halfway)
    assert not daemon.tick().run_requests  # a run still looks active: the sensor waits

    # run monitoring marks it failed; the daemon restarts with the stored cursor
    daemon.instance.report_run_failed(dead)
    again = daemon.tick().run_requests
    assert [r.job_name for r in again] == ["refresh"]
    assert again[0].tags["zonestats/documents"] == "15"

    # this run dies too, after all its documents but before dbt published them
    daemon.instance.report_run_failed(daemon.die_during(again[0], sorted(burst)[15:]))
    assert not unprocessed(settings, burst)
    third = daemon.tick().run_requests
    assert [r.job_name for r in third] == ["rebuild"]  # nothing pending, yet not published
    assert third[0].tags[LISTING_TAG] == first[0].tags[LISTING_TAG]
    assert daemon.launch(third[0]).success
    assert not daemon.tick().run_requests

    assert_published_exactly_once(settings, set(burst))


def test_repeated_failures_of_one_listing_stop_being_retried(daemon):
    write_to_inbox(daemon.settings, "one more.txt", report(999, 3))
    for _ in range(MAX_ATTEMPTS):
        (request,) = daemon.tick().run_requests
        daemon.instance.report_run_failed(
            daemon.instance.create_run_for_job(defs.resolve_job_def(request.job_name), tags=request.tags)
        )
    result = daemon.tick()
    assert not result.run_requests and "gave up" in result.skip_reason.skip_message

"""The real stream worker: files dropped into the inbox are published by runs in its process.

Starts ``python -m orchestration.stream_worker`` on a home with the samples published
(the streaming benchmark's set-up, ``zonestats bench stream``), drops documents one at
a time and waits for their figures in the published file. Each run must have executed
in the worker's process, be recorded in the Dagster instance, and have built only what
new documents change (``orchestration/dbt_build.py``). Latency is the benchmark's
business, not this test's. The event filter is checked on its own, without a worker.
"""

from __future__ import annotations

import threading

import dagster as dg
import duckdb
import polars as pl
import pytest

from benchmarks.stream import bench_document, run_stream_bench
from orchestration.stream_worker import watch
from zonestats.intake import content_id, write_to_inbox
from zonestats.settings import Settings
from zonestats.sources.store import MANIFEST as SOURCES_MANIFEST
from zonestats.state import write_table


@pytest.mark.slow
def test_drops_are_published_by_runs_in_the_worker_process(tmp_path):
    result = run_stream_bench(documents=2, home=tmp_path, timeout=240)
    settings = Settings(home=tmp_path)

    assert [d.doc_id for d in result.drops] == [content_id(bench_document(n)) for n in range(2)]
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        for number, drop in enumerate(result.drops):
            zones = con.execute(
                "select value from fct_figures where doc_id = ? and metric = 'zone_count' order by start limit 1",
                [drop.doc_id],
            ).fetchone()
            assert zones == (10 + number,), f"{drop.doc_id}: its zone count is not published"
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home))
    try:
        for drop in result.drops:
            assert drop.run_pid == result.worker_pid, "the run did not execute in the worker's process"
            messages = [e.user_message for e in instance.all_logs(drop.run_id)]
            assert any("dbt build, new documents only" in m for m in messages), messages
            assert {"documents", "figures", "warehouse", "published_warehouse"} <= set(drop.phases)
            # the Great Expectations checks are recorded as Dagster asset checks of the run
            checks = instance.all_logs(drop.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
            assert checks and all(e.dagster_event.event_specific_data.passed for e in checks)
    finally:
        instance.dispose()


def _wakes(home: Settings, act) -> bool:
    """Whether ``act`` wakes the worker (its watches of the inbox, the corrections and the
    web sources' manifest) within a few seconds."""
    changed = threading.Event()
    observer = watch(home, changed)
    observer.start()
    try:
        act()
        return changed.wait(timeout=3)
    finally:
        observer.stop()
        observer.join()


def test_a_file_written_into_the_inbox_wakes_the_worker(home):
    assert _wakes(home, lambda: write_to_inbox(home, "报告.txt", "开发区".encode()))


def test_a_file_removed_from_a_subfolder_wakes_the_worker(home):
    (home.inbox / "2023").mkdir()
    (home.inbox / "2023" / "a.txt").write_text("开发区", encoding="utf-8")
    assert _wakes(home, (home.inbox / "2023" / "a.txt").unlink)


def test_reading_files_and_hidden_files_do_not_wake_it(home):
    (home.inbox / "a.txt").write_text("开发区", encoding="utf-8")

    def read_and_hide() -> None:
        (home.inbox / "a.txt").read_bytes()  # what the worker's own scan does
        (home.inbox / ".partial").write_text("x", encoding="utf-8")

    assert not _wakes(home, read_and_hide)


def test_a_correction_wakes_the_worker(home):
    # written as `zonestats correct` writes it: a hidden temp file renamed into place
    rows, schema = [{"figure_id": "f1"}], pl.Schema({"figure_id": pl.String})
    assert _wakes(home, lambda: write_table(home.corrections_dir / "c1.parquet", rows, schema))


def test_the_web_sources_manifest_wakes_it_and_the_scans_bookkeeping_does_not(home):
    rows, schema = [{"doc_id": "d1"}], pl.Schema({"doc_id": pl.String})
    assert not _wakes(home, lambda: write_table(home.intake_dir / "inbox.parquet", rows, schema))
    assert _wakes(home, lambda: write_table(home.intake_dir / SOURCES_MANIFEST, rows, schema))

"""The real daemon: files dropped into the inbox are published by runs in its own process.

Starts ``dagster-daemon`` on a home with the samples published (the streaming
benchmark's set-up, ``zonestats bench stream``), drops documents one at a time and
waits for their figures in the published file. Each run must have executed in the
daemon's process (``orchestration/daemon.py``) and built only what new documents
change (``orchestration/dbt_build.py``). Latency is the benchmark's business, not
this test's.
"""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from benchmarks.stream import bench_document, run_stream_bench
from zonestats.intake import content_id
from zonestats.settings import Settings

pytestmark = pytest.mark.slow


def test_drops_are_published_by_runs_in_the_daemon_process(tmp_path):
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
            assert drop.run_pid == result.daemon_pid, "the run did not execute in the daemon's process"
            logs = instance.all_logs(drop.run_id)
            messages = [e.user_message for e in logs]
            assert any("dbt build, new documents only" in m for m in messages), messages
            # launched by the daemon at once, not left for the run queue's next pass
            assert not any(e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.PIPELINE_ENQUEUED
                           for e in logs)
            assert {"documents", "figures", "warehouse", "published_warehouse"} <= set(drop.phases)
    finally:
        instance.dispose()

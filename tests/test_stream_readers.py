"""Readers of the published warehouse never fail and never go back in time during publishes.

Reader processes query the PUBLISHED file read-only, a fresh connection per query (as
the app does), while this process grows the build file and publishes it 50 times with
the real :func:`zonestats.warehouse.publish` (checkpoint, copy, atomic ``os.replace``).
"""

from __future__ import annotations

import multiprocessing as mp
import time

import duckdb
import pytest

from zonestats.settings import Settings
from zonestats.warehouse import build_connection, publish

pytestmark = pytest.mark.slow

PUBLISHES = 50
READERS = 2


def read_until_stopped(published: str, stop, results) -> None:
    """One reader: count rows as fast as it can; report queries, failures and regressions."""
    queries, failures, backwards, seen, last = 0, [], 0, set(), -1
    while not stop.is_set():
        try:
            with duckdb.connect(published, read_only=True) as con:
                figures = con.execute("select count(*) from fct_figures").fetchone()[0]
                live = "select count(*) from dim_documents where status = 'live'"
                documents = con.execute(live).fetchone()[0]
        except Exception as err:  # any failure is what this test is about
            failures.append(repr(err))
            continue
        queries += 1
        backwards += figures < last
        assert figures == 3 * documents  # one consistent snapshot, never half a publish
        last = figures
        seen.add(figures)
    results.put((queries, failures[:5], len(failures), backwards, len(seen)))


def grow_and_publish(settings: Settings, round_: int) -> None:
    with build_connection(settings) as con:
        con.execute("create table if not exists dim_documents (doc_id varchar, status varchar)")
        con.execute("create table if not exists fct_figures (doc_id varchar, value double)")
        doc_id = f"doc{round_:04d}"
        con.execute("insert into dim_documents values (?, 'live')", [doc_id])
        con.execute("insert into fct_figures select ?, range from range(3)", [doc_id])
    publish(settings)


def test_readers_never_fail_during_publishes(home):
    grow_and_publish(home, 0)
    ctx = mp.get_context("spawn")  # clean children: no DuckDB state inherited by fork
    stop, results = ctx.Event(), ctx.Queue()
    readers = [
        ctx.Process(target=read_until_stopped, args=(str(home.published_db), stop, results))
        for _ in range(READERS)
    ]
    for reader in readers:
        reader.start()
    time.sleep(2.0)  # let the readers import and start querying
    for round_ in range(1, PUBLISHES + 1):
        grow_and_publish(home, round_)
    time.sleep(0.5)
    stop.set()
    reports = [results.get(timeout=60) for _ in readers]
    for reader in readers:
        reader.join(timeout=30)
        assert reader.exitcode == 0

    for queries, examples, failures, backwards, distinct in reports:
        assert failures == 0, examples
        assert backwards == 0
        assert queries > PUBLISHES and distinct > 1  # they really read across publishes
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        assert con.execute("select count(*) from dim_documents").fetchone()[0] == PUBLISHES + 1

"""Publishing: readers see whole builds only, failures leave the published file alone."""

from __future__ import annotations

import hashlib

import duckdb

from zonestats.warehouse import (
    build_connection,
    connect_published,
    publish,
    read_status,
    record_failed_build,
    recover_build,
)


def _build(home, n: int) -> None:
    with build_connection(home) as con:
        con.execute("create or replace table fct_figures as select range as v from range(?)", [n])
        con.execute("create or replace table dim_documents as select 'live' as status")


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_swaps_and_old_readers_keep_their_snapshot(home):
    _build(home, 3)
    assert publish(home).figures == 3
    reader = connect_published(home)
    _build(home, 5)
    publish(home)
    assert reader.execute("select count(*) from fct_figures").fetchone()[0] == 3
    # DuckDB shares one database instance per path within a process while any
    # connection is open, so a fresh snapshot needs the old reader closed first.
    reader.close()
    with connect_published(home) as fresh:
        assert fresh.execute("select count(*) from fct_figures").fetchone()[0] == 5
    assert read_status(home)["published"]["figures"] == 5


def test_failed_build_leaves_published_file_untouched(home):
    _build(home, 2)
    publish(home)
    before = _digest(home.published_db)
    _build(home, 7)  # a build that then fails validation: not published
    record_failed_build(home, "validation failed — count of -3")
    assert _digest(home.published_db) == before
    status = read_status(home)
    assert status["last_attempt"]["ok"] is False and "-3" in status["last_attempt"]["reason"]
    assert status["published"]["figures"] == 2


def test_published_file_is_read_only_for_readers(home):
    _build(home, 1)
    publish(home)
    with connect_published(home) as con:
        try:
            con.execute("create table x(i int)")
            raise AssertionError("a reader could write")
        except duckdb.Error as err:
            assert "read-only" in str(err).lower()


def test_corrupt_build_is_restored_from_published(home):
    _build(home, 4)
    publish(home)
    home.build_db.write_bytes(b"not a duckdb file at all" * 100)
    assert recover_build(home) == "restored from published"
    with duckdb.connect(str(home.build_db), read_only=True) as con:
        assert con.execute("select count(*) from fct_figures").fetchone()[0] == 4

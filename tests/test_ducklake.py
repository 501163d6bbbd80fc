"""The storage switch: the same dbt project on a DuckLake (PostgreSQL catalog, Parquet
data files) publishes the same marts as the single-file build, first load and increment.

Needs PostgreSQL's server binaries (Debian: ``apt-get install postgresql``). Without them
the test is skipped on a developer machine, never in CI (env ``CI`` set).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import duckdb
import pytest

from benchmarks.synth import generate
from tests.conftest import make_home
from zonestats.documents import extract_document, ingest_document
from zonestats.ducklake import PROFILES_DIR, Lake
from zonestats.intake import scan_inbox
from zonestats.settings import REPO_ROOT, Settings

DBT_PROJECT = REPO_ROOT / "dbt_project"
# When a build ran, not what it holds: differs between any two builds.
BUILD_TIME_COLUMNS = ["loaded_at"]


def _pg_bin(name: str) -> str | None:
    """PostgreSQL server tools: on PATH, or where Debian keeps them (not on PATH)."""
    return shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A private PostgreSQL cluster on a free port; yields the libpq DSN of an empty database."""
    initdb, pg_ctl, createdb = _pg_bin("initdb"), _pg_bin("pg_ctl"), _pg_bin("createdb")
    if not (initdb and pg_ctl and createdb):
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are required in CI: apt-get install postgresql")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    # The server refuses to run as root: then run it as the postgres user, in a folder
    # that user can reach (pytest's tmp folders are private to root).
    as_user: list[str] = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="zonestats-pg-"))
    root.chmod(0o755)
    if as_user:
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()
    subprocess.run([*as_user, initdb, "-D", str(data), "-U", "zonestats", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    subprocess.run([*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        subprocess.run([createdb, "-h", "127.0.0.1", "-p", str(port), "-U", "zonestats", "lake"],
                       check=True, capture_output=True)
        yield f"dbname=lake host=127.0.0.1 port={port} user=zonestats"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _process_inbox(settings: Settings) -> None:
    """What the documents and figures assets do, without Dagster: decode, then extract."""
    for doc_id in sorted(scan_inbox(settings).doc_ids):
        ingest_document(settings, doc_id)
        extract_document(settings, doc_id)


def _dbt(settings: Settings, lake: Lake, command: list[str], profiles: Path, target: str) -> None:
    env = {**os.environ, **settings.export_env(), **lake.export_env()}
    target_path = settings.home / f"dbt-{target}"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), *command, "--profiles-dir", str(profiles),
         "--project-dir", str(DBT_PROJECT), "--target-path", str(target_path),
         "--log-path", str(target_path / "logs")],
        cwd=DBT_PROJECT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, f"dbt {command} ({target}) failed:\n{result.stdout[-4000:]}"


def _differences(settings: Settings, lake: Lake) -> dict[str, tuple[int, int, int]]:
    """Per table dbt built: (rows in the file, rows in the lake, rows not in both),
    comparing every column but the build time.

    Tables only: views (staging) name their database in their definition, so they are
    not portable between catalogs; the marts readers use are tables.
    """
    with lake.connect() as con:
        con.execute(f"ATTACH '{settings.build_db}' AS single (READ_ONLY)")
        names = lambda catalog: {  # noqa: E731
            row[0] for row in con.execute(
                "select table_name from information_schema.tables"
                " where table_catalog = ? and table_type = 'BASE TABLE'", [catalog]
            ).fetchall()
        }
        assert names("single") == names("lake")
        result = {}
        for table in sorted(names("lake")):
            columns = [row[0] for row in con.execute(
                "select column_name from information_schema.columns where table_catalog = 'lake'"
                " and table_name = ? and not list_contains(?, column_name)"
                " order by ordinal_position", [table, BUILD_TIME_COLUMNS]
            ).fetchall()]
            select = ", ".join(f'"{c}"' for c in columns)
            a, b = f'(select {select} from single.main."{table}")', f'(select {select} from lake.main."{table}")'
            count = lambda sql: con.execute(f"select count(*) from ({sql})").fetchone()[0]  # noqa: E731
            differing = count(f"(select * from {a} except all select * from {b}) union all "
                              f"(select * from {b} except all select * from {a})")
            result[table] = (count(f"select * from {a}"), count(f"select * from {b}"), differing)
        return result


@pytest.mark.slow
def test_ducklake_build_publishes_the_same_marts_as_the_single_file(tmp_path: Path, postgres: str) -> None:
    settings = make_home(tmp_path / "home")
    corpus = tmp_path / "corpus"
    generate(corpus, 16, seed=8)
    docs = sorted((corpus / "docs").glob("*.txt"))
    for doc in docs[:12]:
        shutil.copyfile(doc, settings.inbox / doc.name)
    (settings.inbox / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")  # a quarantined input
    lake = Lake(catalog=f"postgres:{postgres}", data_path=str(tmp_path / "lake") + "/",
                extensions=tmp_path / "duckdb_extensions")
    _process_inbox(settings)
    # the reference build skips dbt's tests (other tests cover them); the lake runs them all
    _dbt(settings, lake, ["build", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"],
         DBT_PROJECT, "single")
    _dbt(settings, lake, ["build"], PROFILES_DIR, "lake")
    first = _differences(settings, lake)
    assert {"fct_figures", "dim_documents", "cmp_zone_counts"} <= set(first)
    assert first["fct_figures"][0] > 100
    assert not {t: c for t, c in first.items() if c[2]}, "tables differ after the first build"
    assert list((tmp_path / "lake").rglob("*.parquet")), "the lake's data are Parquet files"
    published = lake.current_snapshot()  # what a publish step records after validation

    # An increment: documents added and one removed; the incremental models must agree too.
    for doc in docs[12:]:
        shutil.copyfile(doc, settings.inbox / doc.name)
    (settings.inbox / docs[0].name).unlink()
    _process_inbox(settings)
    _dbt(settings, lake, ["run"], DBT_PROJECT, "single")
    _dbt(settings, lake, ["run"], PROFILES_DIR, "lake")
    second = _differences(settings, lake)
    assert not {t: c for t, c in second.items() if c[2]}, "tables differ after the increment"
    assert second["fct_figures"][0] > first["fct_figures"][0]
    with lake.connect(snapshot=published) as reader:  # readers pinned to the published build
        assert reader.execute("select count(*) from lake.main.fct_figures").fetchone()[0] == first["fct_figures"][1]
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        statuses = dict(con.execute("select status, count(*) from dim_documents group by status").fetchall())
    assert statuses["live"] == 15 and statuses["removed"] == 1 and statuses["quarantined"] == 1

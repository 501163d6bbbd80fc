"""End to end: one bad document never holds the others hostage (issue 17).

Real documents through ``zonestats refresh`` (a fresh process per step, see
tests/test_validation_e2e.py): a report whose typo'd unit makes a count of 8.41
companies breaks the blocking ``value_is_whole`` expectation. It is held back with its
reason and offending figure, a plain document of the same batch and one dropped next
are published, and a bad new version of a published file leaves the old version
published. Failures that no single document explains still refuse the build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import make_home
from tests.test_stream_runs import assert_published_exactly_once, report
from tests.test_validation_e2e import refresh
from zonestats.intake import content_id, write_to_inbox
from zonestats.settings import REPO_ROOT, Settings
from zonestats.validation.holds import held_documents
from zonestats.warehouse import read_status

pytestmark = pytest.mark.slow


def bad_report(number: int) -> bytes:
    """A report whose count of companies came out as 8.41 (a unit typo'd in the source)."""
    return (
        f"第{number}号开发区2007年统计报告\n"
        f"截至2007年底，全区共有开发区{number}家，入驻企业8.41家，实现工业增加值{number + 50}亿元。\n"
    ).encode("utf-8")


def _ok(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def _published(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _status_of(settings: Settings, doc_id: str) -> str | None:
    rows = _published(settings, "select status from dim_documents where doc_id = ?", [doc_id])
    return rows[0][0] if rows else None


def test_a_bad_document_is_held_back_and_the_others_are_published(tmp_path: Path) -> None:
    settings = make_home(tmp_path, with_samples=True)
    old_version = report(1, 21)
    write_to_inbox(settings, "年报.txt", old_version)
    _ok(refresh(settings))
    assert _status_of(settings, content_id(old_version)) == "live"

    bad_version, bad_new, plain = bad_report(2), bad_report(3), report(4, 24)
    (settings.inbox / "年报.txt").write_bytes(bad_version)  # a new version of a published file
    write_to_inbox(settings, "坏.txt", bad_new)
    write_to_inbox(settings, "好.txt", plain)
    _ok(refresh(settings))

    assert_published_exactly_once(settings, {content_id(plain), content_id(old_version)})
    for bad in (bad_version, bad_new):
        assert _status_of(settings, content_id(bad)) == "held"
        assert _published(settings, "select count(*) from fct_figures where doc_id = ?", [content_id(bad)]) == [(0,)]
    held = {d["doc_id"]: d for d in held_documents(settings)}
    assert set(held) == {content_id(bad_version), content_id(bad_new)}
    for doc in held.values():
        assert "value_is_whole" in doc["reason"] and "8.41家" in doc["reason"]
        assert [(f["text"], f["value"]) for f in doc["figures"]] == [("8.41家", 8.41)]
    assert read_status(settings)["last_attempt"]["ok"] is True

    status = subprocess.run(
        [sys.executable, "-m", "zonestats.cli", "status"], capture_output=True, text=True, timeout=300,
        env={**os.environ, **settings.export_env(), "PYTHONPATH": str(REPO_ROOT), "COLUMNS": "400"},
    )
    assert status.returncode == 0, status.stderr
    assert "held back by validation" in status.stdout and "坏.txt" in status.stdout and "8.41家" in status.stdout

    dropped_next = report(5, 25)
    write_to_inbox(settings, "再.txt", dropped_next)
    _ok(refresh(settings))
    assert_published_exactly_once(settings, {content_id(dropped_next), content_id(plain), content_id(old_version)})
    assert {d["doc_id"] for d in held_documents(settings)} == set(held)  # nothing changed: still held


def test_failures_that_no_single_document_explains_still_refuse_the_build(tmp_path: Path) -> None:
    settings = make_home(tmp_path)
    write_to_inbox(settings, "一.txt", bad_report(6))
    write_to_inbox(settings, "二.txt", bad_report(7))
    refused = refresh(settings)
    assert refused.returncode == 1, refused.stdout[-3000:] + refused.stderr[-3000:]
    assert not settings.published_db.exists()
    assert held_documents(settings) == []
    attempt = read_status(settings)["last_attempt"]
    assert attempt["ok"] is False and "value_is_whole" in attempt["reason"]

"""End to end: the validation gate between a build and what readers see.

Publishes the sample documents, injects a bad figure (a count of −3 whose span does not
hold its text), checks that document is held back and the rest published, then removes
the bad input and checks the document is released, published, and the failure kept in
the validation history. (Refused builds: tests/test_isolation_e2e.py.)

Each refresh is ``zonestats refresh`` (``prepare_dbt`` + ``refresh_now``) in a fresh
process: the Dagster definitions bind the installation's home when they are imported,
so a process per step keeps this test's home its own whatever else the session imported.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from tests.conftest import make_home
from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import FIGURE_SCHEMA, PLACEHOLDER, read_rows, write_table
from zonestats.validation import data_docs_index
from zonestats.warehouse import read_status

pytestmark = pytest.mark.slow


def refresh(settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **settings.export_env(),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),  # dbt
    }
    return subprocess.run(
        [sys.executable, "-m", "zonestats.cli", "refresh"], env=env, capture_output=True, text=True, timeout=1200
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _results(settings: Settings) -> list[dict]:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        frame = con.execute("select * from validation_results order by validated_at").df()
    return frame.to_dict("records")


def _inject_bad_figure(settings: Settings) -> str:
    """Rewrite one document's figures with an extra count of −3 whose span holds other text."""
    path = next(p for p in sorted(settings.figures_dir.glob("*.parquet")) if p.name != PLACEHOLDER)
    rows = read_rows(path)
    document = (settings.texts_dir / f"{path.stem}.txt").read_text(encoding="utf-8")
    bad = {**rows[0], "start": len(document) + 10, "end": len(document) + 12, "text": "-3家",
           "value": -3.0, "value_high": None, "unit": "count", "measure": "level", "qualifier": "exact"}
    now = datetime.now(timezone.utc)  # a newer extraction: the incremental build reloads the document
    write_table(path, [{**r, "extracted_at": now} for r in [*rows, bad]], FIGURE_SCHEMA)
    return path.stem


def test_a_document_failing_validation_is_held_back_and_the_rest_published(tmp_path: Path) -> None:
    settings = make_home(tmp_path, with_samples=True)

    first = refresh(settings)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    results = _results(settings)
    assert results and not [r for r in results if r["blocking"] and not r["success"]]  # the samples pass
    assert {r["suite"] for r in results} == {"figures", "zone_counts", "targets"}
    published = _digest(settings.published_db)
    documents = _live_documents(settings)

    doc_id = _inject_bad_figure(settings)
    held = refresh(settings)
    assert held.returncode == 0, held.stdout[-3000:] + held.stderr[-3000:]
    assert _digest(settings.published_db) != published  # published, without the bad document
    assert _live_documents(settings) == documents - {doc_id}
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        assert con.execute("select count(*) from fct_figures where doc_id = ?", [doc_id]).fetchone() == (0,)
        status, reason = con.execute(
            "select status, quarantine_reason from dim_documents where doc_id = ?", [doc_id]).fetchone()
    assert status == "held" and "span_matches_text" in reason and "-3家" in reason
    assert read_status(settings)["last_attempt"]["ok"] is True
    summary = data_docs_index(settings)
    assert summary is not None

    (settings.figures_dir / f"{doc_id}.parquet").unlink()  # the bad input gone: the document is extracted again
    recovered = refresh(settings)
    assert recovered.returncode == 0, recovered.stdout[-3000:] + recovered.stderr[-3000:]
    assert _live_documents(settings) == documents  # the hold was released: back in
    assert not list(settings.held_dir.glob("[!_]*.parquet"))
    runs: dict = {}
    for r in _results(settings):
        runs.setdefault(r["validated_at"], []).append(r)
    assert len(runs) == 4  # first; the failed validation and the one without the held document; last
    failed_run = runs[sorted(runs)[1]]
    blocking = [r for r in failed_run if r["blocking"] and not r["success"]]
    assert {r["column_name"] for r in blocking} >= {"value", "span_matches_text"}
    examples = [json.loads(r["unexpected_examples"]) for r in blocking]
    assert all(e["doc_id"] == doc_id for found in examples for e in found)
    for later in sorted(runs)[2:]:
        assert not [r for r in runs[later] if r["blocking"] and not r["success"]]


def _live_documents(settings: Settings) -> set[str]:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        return {d for (d,) in con.execute("select doc_id from dim_documents where status = 'live'").fetchall()}

"""Incremental builds give what a full build gives, on a corpus whose documents share series.

The synthetic corpus restates the same provinces, metrics and years in many documents,
so every group an incremental mart rebuilds (macros/changed_documents.sql) is shared by
documents that did not change. Two rounds of changes go through the real per-document
steps (decode, extract) and an incremental dbt build, each compared with a full build
of a copy of the same state: additions, removals, in-place edits (a new version of a
file), re-extractions with a figure fewer, and removed files put back.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from benchmarks.synth import generate
from tests.build_contents import MODELS, build_contents
from tests.conftest import make_home
from zonestats.documents import extract_document, ingest_document, unprocessed
from zonestats.intake import scan_inbox
from zonestats.offline_build import run_dbt
from zonestats.settings import Settings
from zonestats.state import FIGURE_SCHEMA, write_table

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 130, seed=31)
    return sorted((out / "docs").glob("*.txt"))


def _process(settings: Settings) -> None:
    """What a refresh does before dbt: scan the inbox, decode and extract what is new."""
    for doc_id in sorted(unprocessed(settings, scan_inbox(settings).doc_ids)):
        ingest_document(settings, doc_id)
        extract_document(settings, doc_id)


def _build(settings: Settings, *args: str) -> None:
    result = run_dbt(settings, "build", *args)
    assert result.returncode == 0, result.stdout[-4000:]


def _contents(settings: Settings) -> dict[str, list[str]]:
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        return build_contents(con)


def _assert_equals_a_full_build(settings: Settings, tmp_path: Path, name: str) -> None:
    incremental = _contents(settings)
    copy = Settings(home=tmp_path / name)
    shutil.copytree(settings.home, copy.home)
    _build(copy, "--full-refresh")
    full = _contents(copy)
    for model in MODELS:
        assert incremental[model] == full[model], f"{name}: {model} differs from a full build"
    assert full["cmp_conflicts"] and full["cmp_targets"] and full["cmp_growth"] and full["cmp_indicator_series"]


def _reextract_with_a_figure_fewer(settings: Settings, doc_id: str) -> None:
    """As a new extractor version would: the document's figure file rewritten."""
    path = settings.figures_dir / f"{doc_id}.parquet"
    rows = pq.read_table(path).to_pylist()[:-1]
    now = datetime.now(timezone.utc)
    write_table(path, [dict(row, extracted_at=now) for row in rows], FIGURE_SCHEMA)


def test_incremental_builds_equal_full_builds(corpus: list[Path], tmp_path: Path) -> None:
    settings = make_home(tmp_path / "home")
    first, later = corpus[:100], corpus[100:]
    for doc in first:
        shutil.copyfile(doc, settings.inbox / doc.name)
    _process(settings)
    _build(settings)
    ids = {Path(f.path).name: f.doc_id for f in scan_inbox(settings).files}

    # round 1: additions, removals, edits in place, re-extractions
    for doc in later[:20]:
        shutil.copyfile(doc, settings.inbox / doc.name)
    removed = first[:10]
    for doc in removed:
        (settings.inbox / doc.name).unlink()
    for doc in first[10:15]:
        edited = settings.inbox / doc.name
        edited.write_text(edited.read_text(encoding="utf-8").replace("20", "21", 1) + "\n（修订）", encoding="utf-8")
    for doc in first[15:20]:
        _reextract_with_a_figure_fewer(settings, ids[doc.name])
    _process(settings)
    _build(settings)
    _assert_equals_a_full_build(settings, tmp_path, "round-1")

    # round 2: removed files come back, new ones go, more arrive
    for doc in removed[:3]:
        shutil.copyfile(doc, settings.inbox / doc.name)
    for doc in later[:2]:
        (settings.inbox / doc.name).unlink()
    for doc in later[20:]:
        shutil.copyfile(doc, settings.inbox / doc.name)
    _process(settings)
    _build(settings)
    _assert_equals_a_full_build(settings, tmp_path, "round-2")

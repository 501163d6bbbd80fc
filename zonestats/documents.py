"""Per-document work: decode a stored original, then extract its figures.

These two functions are what the Dagster ``documents`` and ``figures`` assets run for
each partition. They are plain functions of (settings, doc_id) writing whole files, so
any number of workers may run them at once and a re-run gives the same files.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone

from extract import EXTRACTOR_VERSION
from extract.context import sentence_around
from extract.decode import UnreadableDocument, check_size, decode_document
from extract.facts import document_facts
from extract.figures import extract_figures
from zonestats.intake import original_name, raw_path
from zonestats.settings import Settings
from zonestats.state import DOCUMENT_SCHEMA, FIGURE_SCHEMA, QUARANTINE_SCHEMA, write_table


@dataclass(frozen=True)
class Outcome:
    doc_id: str
    ok: bool
    detail: str  # figure count, or the quarantine reason


def ingest_document(settings: Settings, doc_id: str) -> Outcome:
    """Decode the stored original into text and a document row, or quarantine it."""
    source = raw_path(settings, doc_id)
    name = original_name(settings, doc_id)
    if source is None:
        return _quarantine(settings, doc_id, name, 0, "intake", "original file is missing from the store")
    n_bytes = source.stat().st_size
    try:
        check_size(n_bytes, settings.max_document_bytes)  # a 200 MB file is refused unread
    except UnreadableDocument as err:
        return _quarantine(settings, doc_id, name, n_bytes, err.stage, err.reason)
    data = source.read_bytes()
    try:
        decoded = decode_document(data, name, settings.max_document_bytes)
    except UnreadableDocument as err:
        return _quarantine(settings, doc_id, name, len(data), err.stage, err.reason)
    except Exception as err:  # a parser bug must not stop the batch; keep the reason
        return _quarantine(settings, doc_id, name, len(data), "decode", f"decoder failed: {err!r}")
    (settings.quarantine_dir / f"{doc_id}.parquet").unlink(missing_ok=True)
    text_path = settings.texts_dir / f"{doc_id}.txt"
    text_path.parent.mkdir(parents=True, exist_ok=True)
    text_path.write_text(decoded.text, encoding="utf-8")
    facts = document_facts(decoded.text)
    write_table(
        settings.documents_dir / f"{doc_id}.parquet",
        [
            {
                "doc_id": doc_id,
                "content_hash": doc_id,
                "file_name": name,
                "format": decoded.format,
                "encoding": decoded.encoding,
                "script": decoded.script,
                "n_bytes": len(data),
                "n_chars": len(decoded.text),
                "title": facts.title,
                "regions": facts.regions,
                "year": facts.year,
                "extractor_version": EXTRACTOR_VERSION,
                "ingested_at": datetime.now(timezone.utc),
            }
        ],
        DOCUMENT_SCHEMA,
    )
    return Outcome(doc_id, True, f"{len(decoded.text)} characters")


def extract_document(settings: Settings, doc_id: str) -> Outcome:
    """Extract figures from a decoded document's stored text into its Parquet file."""
    text_path = settings.texts_dir / f"{doc_id}.txt"
    if not text_path.exists():  # quarantined at decode: no figures, and no stale ones
        (settings.figures_dir / f"{doc_id}.parquet").unlink(missing_ok=True)
        return Outcome(doc_id, False, "no decoded text")
    text = text_path.read_text(encoding="utf-8")
    try:
        figures = extract_figures(text, doc_id)
    except Exception as err:  # the extractor promises not to raise; if it does, quarantine
        name = original_name(settings, doc_id)
        return _quarantine(settings, doc_id, name, len(text), "extract", f"extractor failed: {err!r}")
    now = datetime.now(timezone.utc)
    write_table(
        settings.figures_dir / f"{doc_id}.parquet",
        (
            {**f.to_dict(), "sentence": sentence_around(text, f.start, f.end), "extracted_at": now}
            for f in figures
        ),
        FIGURE_SCHEMA,
    )
    return Outcome(doc_id, True, f"{len(figures)} figures")


# Below this many documents a batch runs in the calling process: starting the worker
# processes (each imports the extractor, ≈2 s) would cost more than it saves.
PARALLEL_FROM = 100


def run_many(
    settings: Settings, work: Callable[[Settings, str], Outcome], doc_ids: Sequence[str], workers: int | None = None
) -> Iterator[Outcome]:
    """``work`` for each document, in order; a large batch on every core.

    Workers are started with ``spawn``: the caller may be the daemon, whose other
    threads make ``fork`` unsafe. Each document's work writes only its own files.
    """
    workers = workers or os.cpu_count() or 1
    if len(doc_ids) < PARALLEL_FROM or workers < 2:
        for doc_id in doc_ids:
            yield work(settings, doc_id)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(functools.partial(work, settings), doc_ids, chunksize=16)


def unprocessed(settings: Settings, doc_ids: Iterable[str]) -> set[str]:
    """The documents of ``doc_ids`` without outputs (figures, or a quarantine record).

    One listing per folder rather than two stats per document: the sensor asks this of
    the whole inbox on every tick."""
    done = {
        name.removesuffix(".parquet")
        for folder in (settings.figures_dir, settings.quarantine_dir)
        if folder.exists()
        for name in os.listdir(folder)
    }
    return set(doc_ids) - done


def _quarantine(settings: Settings, doc_id: str, name: str, n_bytes: int, stage: str, reason: str) -> Outcome:
    for stale in (
        settings.documents_dir / f"{doc_id}.parquet",
        settings.figures_dir / f"{doc_id}.parquet",
        settings.texts_dir / f"{doc_id}.txt",
    ):
        stale.unlink(missing_ok=True)
    write_table(
        settings.quarantine_dir / f"{doc_id}.parquet",
        [
            {
                "doc_id": doc_id,
                "file_name": name,
                "n_bytes": n_bytes,
                "stage": stage,
                "reason": reason,
                "quarantined_at": datetime.now(timezone.utc),
            }
        ],
        QUARANTINE_SCHEMA,
    )
    return Outcome(doc_id, False, reason)

"""A large batch of documents is decoded and extracted on every core, with the same results."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from zonestats.documents import PARALLEL_FROM, extract_document, ingest_document, run_many
from zonestats.intake import scan_inbox, write_to_inbox

pytestmark = pytest.mark.slow


def test_a_large_batch_runs_in_worker_processes_in_order(home):
    for n in range(PARALLEL_FROM):
        text = f"第{n}号简报\n截至2023年底，全省共有开发区{100 + n}家。\n"
        write_to_inbox(home, f"{n}.txt", text.encode("utf-8"))
    doc_ids = sorted(scan_inbox(home).doc_ids)

    decoded = list(run_many(home, ingest_document, doc_ids, workers=2))
    extracted = list(run_many(home, extract_document, doc_ids, workers=2))

    assert [o.doc_id for o in decoded] == doc_ids == [o.doc_id for o in extracted]
    assert all(o.ok for o in decoded + extracted)
    counts = sorted(pq.read_table(home.figures_dir / f"{d}.parquet").column("value")[0].as_py() for d in doc_ids)
    assert counts == [100 + n for n in range(PARALLEL_FROM)]

"""The warehouse's dbt project built outside the pipeline, over figure records written as state.

``zonestats indicators --coverage`` measures the indicator mapping on documents that are
not in the warehouse, the app's tests and benchmark need published warehouses of a known
shape, and the dbt tests need the gold records as a warehouse. Each writes figure
records as the pipeline's workers would (:func:`add_document`: per-document figures and
documents Parquet, an inbox listing) and runs the real dbt project over them
(:func:`run_dbt`), so what they measure or test is the SQL the warehouse runs, not a
second implementation. Extraction, Dagster and validation are left out.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

import opencc

from extract.context import sentence_around
from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import DOCUMENT_SCHEMA, FIGURE_SCHEMA, INBOX_SCHEMA, read_rows, write_table

DBT_PROJECT = REPO_ROOT / "dbt_project"
# A fixed clock, so builds are reproducible; each written document ticks it.
EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)

_t2s = opencc.OpenCC("t2s")


def _script(text: str) -> str:
    """'繁' when converting to simplified changes more than 1 % of the characters."""
    changed = sum(a != b for a, b in zip(text, _t2s.convert(text)))
    return "繁" if changed > len(text) / 100 else "简"


def _document_year(figures: Iterable[Mapping[str, Any]]) -> int | None:
    # Stand-in for the extractor's document year: the latest year the document
    # reports actual figures for.
    years = [int(f["period"]) for f in figures if f["kind"] == "actual" and f["period"]]
    return max(years, default=None)


def next_tick(settings: Settings) -> datetime:
    """The next tick of the clock: one minute after the latest document written."""
    documents = sorted(settings.documents_dir.glob("*.parquet"))
    stamps = [row["ingested_at"] for path in documents for row in read_rows(path)]
    return max(stamps, default=EPOCH) + timedelta(minutes=1)


def add_document(
    settings: Settings,
    doc_id: str,
    text: str,
    figures: Iterable[Mapping[str, Any]],
    file_name: str | None = None,
) -> None:
    """Write one document's figures and document row, and list it in the inbox.

    A listed file with the same name is taken out of the inbox listing (the file was
    replaced by a new version).
    """
    now = next_tick(settings)
    raw = text.encode("utf-8")
    file_name = file_name or f"{doc_id}.txt"
    figures = [dict(f, doc_id=doc_id) for f in figures]
    rows = [
        {**f, "sentence": sentence_around(text, f["start"], f["end"]), "extracted_at": now}
        for f in figures
    ]
    write_table(settings.figures_dir / f"{doc_id}.parquet", rows, FIGURE_SCHEMA)
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    regions = sorted({f["region"] for f in figures if f["region"] and f["region"] != "全国"})
    write_table(settings.documents_dir / f"{doc_id}.parquet", [{
        "doc_id": doc_id, "content_hash": hashlib.sha256(raw).hexdigest(), "file_name": file_name,
        "format": "txt", "encoding": "utf-8", "script": _script(text), "n_bytes": len(raw),
        "n_chars": len(text), "title": title[:200], "regions": regions,
        "year": _document_year(figures), "figure_count": len(rows), "extractor_version": "gold",
        "ingested_at": now,
    }], DOCUMENT_SCHEMA)
    listing = [row for row in read_rows(settings.intake_dir / "inbox.parquet")
               if Path(row["path"]).name != file_name]
    listing.append({"path": str(settings.inbox / file_name), "doc_id": doc_id, "n_bytes": len(raw),
                    "modified_at": now, "scanned_at": now})
    write_table(settings.intake_dir / "inbox.parquet",
                [dict(row, scanned_at=now) for row in listing], INBOX_SCHEMA)


def run_dbt(settings: Settings, *args: str, target_path: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``dbt <args>`` in the dbt project against ``settings``' state and build file."""
    dbt = Path(sys.executable).parent / "dbt"
    target = target_path or settings.home / "dbt_target"
    command = [str(dbt), *args, "--profiles-dir", str(DBT_PROJECT), "--project-dir", str(DBT_PROJECT),
               "--target-path", str(target), "--log-path", str(target / "logs")]
    return subprocess.run(command, cwd=DBT_PROJECT, env={**os.environ, **settings.subprocess_env()}, capture_output=True,
                          text=True, check=False)

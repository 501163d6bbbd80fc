"""Development state for the dbt project, built from the gold annotations.

The warehouse is developed and tested against the gold figure records
(``tests/gold/*.jsonl``, one file per sample in ``data/samples/``): this module writes
them as the pipeline would (per-document figures and documents Parquet, an inbox
listing, one quarantined file) under a ``ZONESTATS_HOME`` and runs dbt there.

    python dbt_project/scripts/dev_state.py /tmp/zs-dev          # state + dbt build
    python dbt_project/scripts/dev_state.py /tmp/zs-dev --no-build

Tests import :func:`build_dev_state`, :func:`add_document` and :func:`run_dbt`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping
from unittest import mock

import opencc

from extract.context import sentence_around
from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import (
    DOCUMENT_SCHEMA,
    FIGURE_SCHEMA,
    INBOX_SCHEMA,
    QUARANTINE_SCHEMA,
    ensure_state,
    read_rows,
    unloaded_state_files,
    write_table,
)

DBT_PROJECT = REPO_ROOT / "dbt_project"
GOLD = REPO_ROOT / "tests" / "gold"
SAMPLES = REPO_ROOT / "data" / "samples"
# A fixed clock, so dev builds are reproducible; each written document ticks it.
EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)

_t2s = opencc.OpenCC("t2s")


def gold_documents() -> dict[str, list[dict[str, Any]]]:
    """Gold figure records by doc_id."""
    return {
        path.stem: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        for path in sorted(GOLD.glob("*.jsonl"))
    }


def _script(text: str) -> str:
    """'繁' when converting to simplified changes more than 1 % of the characters."""
    changed = sum(a != b for a, b in zip(text, _t2s.convert(text)))
    return "繁" if changed > len(text) / 100 else "简"


def _document_year(figures: Iterable[Mapping[str, Any]]) -> int | None:
    # Stand-in for the extractor's document year: the latest year the document
    # reports actual figures for.
    years = [int(f["period"]) for f in figures if f["kind"] == "actual" and f["period"]]
    return max(years, default=None)


def _now(settings: Settings) -> datetime:
    """The next tick of the dev clock: one minute after the latest state written."""
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
    now = _now(settings)
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


def remove_document(settings: Settings, doc_id: str) -> None:
    """Take a document out of the inbox listing (its state files stay, as in the pipeline)."""
    listing = read_rows(settings.intake_dir / "inbox.parquet")
    now = max(row["scanned_at"] for row in listing) + timedelta(minutes=1)
    write_table(settings.intake_dir / "inbox.parquet",
                [dict(row, scanned_at=now) for row in listing if row["doc_id"] != doc_id], INBOX_SCHEMA)


def build_dev_state(home: Path) -> Settings:
    """A ZONESTATS_HOME holding every gold document as live state, plus one quarantined file."""
    settings = Settings(home=home.resolve())
    ensure_state(settings)
    for doc_id, figures in gold_documents().items():
        text = (SAMPLES / f"{doc_id}.txt").read_text(encoding="utf-8")
        add_document(settings, doc_id, text, figures)
    broken = b"%PDF-1.7 truncated"
    write_table(settings.quarantine_dir / "broken.parquet", [{
        "doc_id": hashlib.sha256(broken).hexdigest()[:16], "file_name": "broken.pdf",
        "n_bytes": len(broken), "stage": "decode", "reason": "PDF has no readable text layer",
        "quarantined_at": _now(settings),
    }], QUARANTINE_SCHEMA)
    return settings


def dbt_env(settings: Settings) -> dict[str, str]:
    """The environment dbt runs with: the process's, plus the paths of ``settings``."""
    with mock.patch.dict(os.environ):
        return {**os.environ, **settings.export_env()}


def run_dbt(settings: Settings, *args: str, target_path: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``dbt <args>`` in the dbt project against ``settings``' state and build file,
    with the state files not loaded yet listed as the pipeline lists them."""
    dbt = Path(sys.executable).parent / "dbt"
    target = target_path or settings.home / "dbt_target"
    state_files = json.dumps({"state_files": unloaded_state_files(settings)})
    command = [str(dbt), *args, "--profiles-dir", str(DBT_PROJECT), "--project-dir", str(DBT_PROJECT),
               "--target-path", str(target), "--log-path", str(target / "logs"), "--vars", state_files]
    return subprocess.run(command, cwd=DBT_PROJECT, env=dbt_env(settings), capture_output=True,
                          text=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("home", type=Path, help="the ZONESTATS_HOME to create")
    parser.add_argument("--no-build", action="store_true", help="write the state only")
    options = parser.parse_args()
    settings = build_dev_state(options.home)
    print(f"dev state written under {settings.state}")
    if not options.no_build:
        result = run_dbt(settings, "build")
        print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
        sys.exit(result.returncode)


if __name__ == "__main__":
    main()

"""Development state for the dbt project, built from the gold annotations.

The warehouse is developed and tested against the gold figure records
(``tests/gold/*.jsonl``, one file per sample in ``data/samples/``): this script writes
them as the pipeline would (per-document figures and documents Parquet, an inbox
listing, one quarantined file) under a ``ZONESTATS_HOME`` and runs dbt there
(``zonestats.offline_build`` writes the records and runs dbt).

    python -m scripts.dev_state /tmp/zs-dev          # state + dbt build
    python -m scripts.dev_state /tmp/zs-dev --no-build

Tests import :func:`build_dev_state`, :func:`gold_documents` and :func:`remove_document`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from zonestats.offline_build import add_document, next_tick, run_dbt
from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import INBOX_SCHEMA, QUARANTINE_SCHEMA, ensure_state, read_rows, write_table

GOLD = REPO_ROOT / "tests" / "gold"
SAMPLES = REPO_ROOT / "data" / "samples"


def gold_documents() -> dict[str, list[dict[str, Any]]]:
    """Gold figure records by doc_id."""
    return {
        path.stem: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        for path in sorted(GOLD.glob("*.jsonl"))
    }


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
        "quarantined_at": next_tick(settings),
    }], QUARANTINE_SCHEMA)
    return settings


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

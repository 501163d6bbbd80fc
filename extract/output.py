"""Figure records as JSON Lines or CSV, for the ``zonestats extract`` command."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from extract.figures import extract_figures
from extract.files import iter_documents
from extract.records import OUTPUT_FIELDS


def write_figures(paths: Iterable[Path], fmt: str, out: TextIO) -> int:
    """Write every figure of every document under ``paths``; return how many."""
    writer = csv.DictWriter(out, fieldnames=OUTPUT_FIELDS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    count = 0
    for doc_id, text in iter_documents(paths):
        for figure in extract_figures(text, doc_id):
            row = figure.to_dict()
            if writer:
                writer.writerow(row)
            else:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count

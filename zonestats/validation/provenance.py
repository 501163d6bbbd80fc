"""Provenance: does each figure's span point at its own text in the decoded document?

Great Expectations has no expectation that reads a second source, so the comparison is
computed here as a boolean column and the figures suite expects it to be true.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def spans_match_texts(frame: pd.DataFrame, texts_dir: Path) -> pd.Series:
    """``text == document[start:end]`` per row; false when the document text is missing.

    Reads each document once (figures are grouped by ``doc_id``).
    """
    matches = pd.Series(False, index=frame.index, dtype=bool)
    for doc_id, rows in frame.groupby("doc_id", sort=False):
        document = _read_text(texts_dir / f"{doc_id}.txt")
        if document is None:
            continue
        matches.loc[rows.index] = [
            _span_is(document, start, end, text)
            for start, end, text in zip(rows["start"].tolist(), rows["end"].tolist(), rows["text"].tolist())
        ]
    return matches


def _span_is(document: str, start: object, end: object, text: object) -> bool:
    try:
        return document[int(start) : int(end)] == text
    except (TypeError, ValueError):  # a missing offset is its own (not-null) failure
        return False


def _read_text(path: Path) -> str | None:
    try:
        # newline="" keeps "\r\n" as two characters: offsets count them both
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None

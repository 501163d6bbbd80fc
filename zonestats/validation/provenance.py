"""Provenance: does each figure's span point at its own text in the decoded document?

Great Expectations has no expectation that reads a second source, so the comparison is
computed here as a boolean column and the figures suite expects it to be true.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def spans_match_texts(frame: pd.DataFrame, texts_dir: Path) -> pd.Series:
    """``text == document[start:end]`` per row; false when the document text is missing.

    One pass over plain Python lists in document order, holding one document at a time:
    per-group pandas indexing costs ~50x more on a million figures. A row with a missing
    doc_id, offset or text is false here (and fails its not-null expectation).
    """
    codes, doc_ids = pd.factorize(frame["doc_id"])
    complete = (codes >= 0) & frame[["start", "end", "text"]].notna().all(axis=1).to_numpy()
    starts, ends = (frame[c].fillna(0).astype("int64").tolist() for c in ("start", "end"))
    texts = frame["text"].tolist()
    order = np.argsort(codes, kind="stable")
    doc_of = codes.tolist()
    matches = [False] * len(frame)
    current, document = -1, None
    for i in order[complete[order]].tolist():
        if doc_of[i] != current:
            current = doc_of[i]
            document = _read_text(texts_dir / f"{doc_ids[current]}.txt")
        if document is not None:
            matches[i] = document[starts[i] : ends[i]] == texts[i]
    return pd.Series(matches, index=frame.index, dtype=bool)


def _read_text(path: Path) -> str | None:
    try:
        # newline="" keeps "\r\n" as two characters: offsets count them both
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None

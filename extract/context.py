"""The sentence around a span, kept with each figure as human-readable provenance."""

from __future__ import annotations

import re

# Chinese prose ends sentences with 。！？； and line breaks; a figure's context is the
# stretch between the nearest such marks (bounded, so a text without punctuation
# still gives a short context).
_BOUNDARY = re.compile(r"[。！？；!?;\n]")
_MAX_SIDE = 160


def sentence_around(text: str, start: int, end: int) -> str:
    """Return the sentence containing ``text[start:end]``, trimmed of whitespace."""
    left_limit = max(0, start - _MAX_SIDE)
    left = left_limit
    for match in _BOUNDARY.finditer(text, left_limit, start):
        left = match.end()
    right_match = _BOUNDARY.search(text, end, min(len(text), end + _MAX_SIDE))
    right = right_match.end() if right_match else min(len(text), end + _MAX_SIDE)
    return text[left:right].strip()

"""Document-level facts: script, provinces it is about, its year, its title."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract.gazetteer import NATIONAL
from extract.normalize import has_traditional, make_view
from extract.structure import build_layout

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年|〕|\])")
_TITLE_NOISE = re.compile(r"^[\s\W_]*$")


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    script: str  # 'simplified' | 'traditional'
    regions: list[str] = field(default_factory=list)  # most prominent first
    year: int | None = None
    title: str = ""


def document_facts(text: str) -> DocumentFacts:
    """Facts about the whole document, inferred from its text. Never raises."""
    try:
        return _facts(text)
    except Exception:  # noqa: BLE001 - facts are best effort, never a reason to fail
        return DocumentFacts(script="simplified")


def _facts(text: str) -> DocumentFacts:
    script = "traditional" if has_traditional(text) else "simplified"
    view = make_view(text)
    layout = build_layout(view.text)
    votes: Counter[str] = Counter(v for v in layout.province_val if v != NATIONAL)
    # Section leaders count too: a compilation is about every province it compiles.
    for section in layout.sections:
        region = layout.section_region(section)
        if region:
            votes[region] += 1
    regions = [name for name, _ in votes.most_common()]
    return DocumentFacts(script=script, regions=regions, year=_year(view.text),
                         title=_title(text))


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not _TITLE_NOISE.match(line):
            return line[:200]
    return ""


def _year(text: str) -> int | None:
    """The year a document is about: one named in its title, else its most frequent year."""
    head = text[:300]
    years = [int(y) for y in _YEAR.findall(head)]
    if years:
        return max(years)
    counts = Counter(int(y) for y in _YEAR.findall(text))
    return counts.most_common(1)[0][0] if counts else None

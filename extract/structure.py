"""The document around a figure: sentences, paragraphs, sections, places and years.

A figure rarely names its own province or year; Chinese reports state them once, in the
sentence, the paragraph lead (湖南省：…) or the document's title, and let them carry over.
``Layout`` indexes a document's view once so each figure can ask "which place / which
year is in force here?" with a few bisects.

Sections matter for compilations (several provinces' plans pasted into one page): a new
section starts at a short title-like line that comes well after the previous section
start, and places or years never carry across sections.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from extract.gazetteer import NATIONAL, gazetteer

SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[，,、：:。！？!?；;\n()（）]")
_LIST_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_TITLE_LINE_MAX = 40
_MIN_SECTION = 1500  # characters: shorter stretches are a title block, not a new document

# Years in force. Comparison bases (比2019年), starting points (自2018年起, 2018年以来), years
# inside brackets and book titles, and document numbers are not the year a figure holds for.
_YEAR = re.compile(
    r"(?P<before>比|较|与|同|自|从|于)?"
    r"(?:(?P<y1>(?:19|20)\d\d)\s*[-~～—–至到]\s*)?(?P<year>(?:19|20)(?:\d\d|[xX×*]{2}))年"
    r"(?P<after>以来|起|来|前|后|版|相比|同期)?"
    r"|(?P<plan>十[二三四五六])五”?(?P<pend>末|期末|期间|时期)"
    r"|(?P<now>截至目前|截止目前|目前|迄今|近年来|当前)"
)
_PLAN_END = {"二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}
_BRACKETS = re.compile(r"《[^《》\n]{0,80}》|\([^()\n]{0,60}\)|〔[^〔〕\n]{0,10}〕|\[[^\[\]\n]{0,20}\]")
_PLAN_GENRE = re.compile(r"方案|规划|意见|计划|要点|办法|通知|纲要|行动|措施|目标|决定")

HIDDEN_YEAR = "hidden"


@dataclass(slots=True)
class Section:
    start: int
    end: int
    region: str | None
    title_year: int | None  # year stated by the section's title line (range: its end)
    is_plan: bool


@dataclass(slots=True)
class Layout:
    """Positions of paragraphs, sections, place mentions and time expressions in a view."""

    text: str
    paragraph_starts: list[int]
    sections: list[Section]
    section_starts: list[int]
    province_pos: list[int]  # positions of province-level names (incl. 全国)
    province_val: list[str]
    time_pos: list[int]  # positions of year expressions in force
    time_val: list[int | str | None]  # a year, HIDDEN_YEAR, or None for "now"
    _city_cache: dict[tuple[int, int], list[tuple[int, int, str]]] = field(default_factory=dict)

    # -- spans ------------------------------------------------------------------------
    def sentence_start(self, pos: int) -> int:
        lo = max(0, pos - 200)
        last = lo
        for match in SENTENCE_END.finditer(self.text, lo, pos):
            last = match.end()
        return last

    def sentence_end(self, pos: int) -> int:
        match = SENTENCE_END.search(self.text, pos, pos + 200)
        return match.start() if match else min(len(self.text), pos + 200)

    def clause_start(self, pos: int) -> int:
        lo = max(0, pos - 60)
        last = lo
        for match in _CLAUSE_END.finditer(self.text, lo, pos):
            last = match.end()
        return last

    def paragraph_start(self, pos: int) -> int:
        return self.paragraph_starts[bisect_right(self.paragraph_starts, pos) - 1]

    def section(self, pos: int) -> Section:
        return self.sections[bisect_right(self.section_starts, pos) - 1]

    # -- places -----------------------------------------------------------------------
    def province_between(self, lo: int, hi: int) -> tuple[int, str] | None:
        """The last province-level name mentioned in [lo, hi)."""
        i = bisect_left(self.province_pos, hi) - 1
        if i >= 0 and self.province_pos[i] >= lo:
            return self.province_pos[i], self.province_val[i]
        return None

    def places_between(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """(start, end, province) of every known place name in [lo, hi) — cities, counties."""
        key = (lo, hi)
        if key not in self._city_cache:
            gaz = gazetteer()
            self._city_cache[key] = [
                (m.start(), m.end(), gaz.province_of[m.group()])
                for m in gaz.pattern.finditer(self.text, lo, hi)
            ]
        return self._city_cache[key]

    # -- time -------------------------------------------------------------------------
    def time_between(self, lo: int, hi: int) -> tuple[bool, int | str | None]:
        """(found, value) of the last time expression in [lo, hi)."""
        i = bisect_left(self.time_pos, hi) - 1
        if i >= 0 and self.time_pos[i] >= lo:
            return True, self.time_val[i]
        return False, None


def _masked(text: str) -> str:
    """The text with bracketed asides and book titles blanked out (same length)."""
    return _BRACKETS.sub(lambda m: " " * len(m.group()), text)


def _time_expressions(masked: str) -> tuple[list[int], list[int | str | None]]:
    positions: list[int] = []
    values: list[int | str | None] = []
    for match in _YEAR.finditer(masked):
        if match.group("now"):
            value: int | str | None = None
        elif match.group("plan"):
            value = _PLAN_END[match.group("plan")[1]]
        else:
            if match.group("before") or match.group("after"):
                continue
            year = match.group("year")
            value = int(year) if year.isdigit() else HIDDEN_YEAR
        positions.append(match.start())
        values.append(value)
    return positions, values


def _is_title_line(line: str) -> bool:
    stripped = line.strip()
    return (0 < len(stripped) <= _TITLE_LINE_MAX and not _LIST_MARK.match(stripped)
            and stripped[-1] not in "。；;，,：:！？!?）)")


def _section_bounds(text: str) -> list[int]:
    starts = [0]
    pos = 0
    for line in text.split("\n"):
        if pos - starts[-1] >= _MIN_SECTION and _is_title_line(line):
            starts.append(pos)
        pos += len(line) + 1
    return starts


def _title_year(first_lines: str) -> int | None:
    years = [int(m.group("year")) for m in _YEAR.finditer(first_lines)
             if m.group("year") and m.group("year").isdigit() and not m.group("after")]
    return max(years) if years else None


def _title_text(text: str, start: int, end: int) -> str:
    """The section's first non-empty line (its title, or its opening sentence)."""
    for line in text[start:end].split("\n"):
        if line.strip():
            return line.strip()[:200]
    return ""


def build_layout(text: str) -> Layout:
    gaz = gazetteer()
    paragraph_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    masked = _masked(text)
    time_pos, time_val = _time_expressions(masked)

    province_names = sorted(gaz.provinces, key=len, reverse=True)
    province_re = re.compile("|".join([NATIONAL, *map(re.escape, province_names)]))
    province_pos: list[int] = []
    province_val: list[str] = []
    for match in province_re.finditer(text):
        name = match.group()
        province_pos.append(match.start())
        province_val.append(NATIONAL if name == NATIONAL else gaz.province_of[name])

    starts = _section_bounds(text)
    sections: list[Section] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        votes: Counter[str] = Counter()
        lo, hi = bisect_left(province_pos, start), bisect_left(province_pos, end)
        votes.update(v for v in province_val[lo:hi] if v != NATIONAL)
        # Provinces named outright weigh more than a city or county that implies one.
        for province in votes:
            votes[province] *= 3
        votes.update(gaz.province_of[m.group()] for m in gaz.pattern.finditer(text, start, end)
                     if m.group() not in gaz.provinces)
        region = votes.most_common(1)[0][0] if votes else None
        title = _title_text(text, start, end)
        sections.append(Section(start, end, region, _title_year(title),
                                bool(_PLAN_GENRE.search(title))))
    return Layout(text, paragraph_starts, sections, starts, province_pos, province_val,
                  time_pos, time_val)

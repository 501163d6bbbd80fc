"""One normalised, noise-free view of a document, with offsets that map back to the original.

The rules in this package are written for simplified characters and half-width digits, and
must not be tripped by web-copy noise (``1 0 3 家``, ``<br>``, ``&nbsp;``, footnote marks).
Rather than teaching every rule about every variant, we build one *view* of the text:

1. a 1:1 character translation (traditional → simplified, full-width → half-width), so the
   view keeps the original's length, then
2. deletion of noise runs (markup, entities, zero-width characters, spaces, footnote marks,
   line breaks inside numbers, inline pinyin glosses), remembering where each deletion
   happened; mistyped unit characters (1862.4忆元) are fixed 1:1.

``View.to_original`` maps a span of the view back to the original text, so figures keep
offsets into the text they were read from.

The character table comes from OpenCC's own dictionary (``TSCharacters.txt`` of the
installed ``opencc`` package) applied with ``str.translate``: the pure-Python OpenCC
converter segments phrases and is far too slow for a 1 M chars/s budget, and phrase-level
conversion would not keep lengths anyway.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

from extract.scan import anchored_finditer

# Full-width ASCII variants that matter for numbers and units. The full-width comma (，)
# stays as it is: turned into "," it would look like a thousands separator.
_FULL_TO_HALF = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},  # ０-９
    **{0xFF21 + i: 0x41 + i for i in range(26)},  # Ａ-Ｚ
    **{0xFF41 + i: 0x61 + i for i in range(26)},  # ａ-ｚ
    0xFF05: ord("%"), 0xFF0E: ord("."), 0xFF0F: ord("/"), 0xFF5E: ord("~"),
    0xFF0D: ord("-"), 0xFF0B: ord("+"), 0xFF08: ord("("), 0xFF09: ord(")"),
    0xFF1A: ord(":"), 0xFF1B: ord(";"), 0x3000: ord(" "), 0x00A0: ord(" "),
    0x2212: ord("-"),
}

_TRADITIONAL_HINT = re.compile("[億萬個產區園開發業經濟與為們這來對於時間實現進資營數據總額項點達過區體機構關係應當統計報導]")


@lru_cache(maxsize=1)
def _translation_table() -> dict[int, int]:
    """Traditional→simplified single characters from OpenCC's dictionary, plus full→half width."""
    table: dict[int, int] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        source, targets = parts
        target = targets.split(" ")[0]
        # Only 1:1 code points keep the view's length equal to the original's.
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = ord(target)
    table.update(_FULL_TO_HALF)
    return table


def has_traditional(text: str) -> bool:
    """True when the text uses traditional characters (a cheap check on frequent ones)."""
    return _TRADITIONAL_HINT.search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional → simplified and full-width → half-width, keeping length 1:1."""
    return text.translate(_translation_table())


# Noise deleted from the view. Each alternative is something that can sit inside or right
# after a figure in copied web text without belonging to it.
_DIGITISH = r"0-9.%零〇一二两三四五六七八九十百千万亿"
_NOISE = re.compile(
    r"<[A-Za-z/!][^<>\n]{0,300}>"                      # HTML tags: <br>, <span class=..>
    r"|&(?:nbsp|ensp|emsp|thinsp|zwj|zwnj|shy|#160|#x?a0);"  # blank entities
    r"|[\u200b-\u200f\u2060\ufeff\u00ad]"               # zero-width and soft hyphen
    r"|\[\d{1,3}\]|[¹²³⁰⁴-⁹]+"                          # footnote marks: [1], superscripts
    r"|[ \t]+"                                          # spaces: Chinese prose needs none
    rf"|(?<=[{_DIGITISH}])\r?\n(?=[{_DIGITISH}元家个])"  # a line break inside a number
    # a line break between a verb that awaits its number and the number (增长⏎24.5%):
    # no clause ends on such a verb, so the break is a wrapped line, not a new sentence
    r"|(?<=增长|下降|增加|减少|提高|降低|达到|突破|超过|实现|完成)\r?\n(?=[0-9])"
    # an inline pinyin gloss (萬(wàn)億, 超過(guò)): lower-case Latin with a tone mark
    r"|(?<=[\u4e00-\u9fff])\([a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,5}\)"
)


_NOISE_ANCHOR = re.compile(r"[<&\u200b-\u200f\u2060\ufeff\u00ad\[¹²³⁰⁴-⁹ \t\r\n(]")

# Unit characters mistyped by pinyin input (忆 for 亿: both yì), fixed 1:1 in the view when
# a number stands before them and 元 after.
_TYPO_UNIT = re.compile(r"(?<=[\d万])忆(?=元)")


@dataclass(frozen=True, slots=True)
class View:
    """The normalised text and the positions where noise was cut out of it."""

    text: str
    cut_at: tuple[int, ...]  # view positions where a deletion happened (sorted)
    cut_total: tuple[int, ...]  # characters deleted up to and including that deletion

    def original_start(self, pos: int) -> int:
        """Original offset of a span start at view position ``pos`` (skips noise before it)."""
        i = bisect_right(self.cut_at, pos) - 1
        return pos + (self.cut_total[i] if i >= 0 else 0)

    def original_end(self, pos: int) -> int:
        """Original offset of a span end at view position ``pos`` (excludes noise after it)."""
        i = bisect_left(self.cut_at, pos) - 1
        return pos + (self.cut_total[i] if i >= 0 else 0)


_FULL_WIDTH = re.compile("[" + "".join(map(chr, _FULL_TO_HALF)) + "]")


def _half_width(text: str) -> str:
    """Full-width → half-width for the characters in ``_FULL_TO_HALF`` only.

    ``str.translate`` looks up every character; a substitution over the few matches is
    several times faster on Chinese text, which is mostly untouched.
    """
    return _FULL_WIDTH.sub(lambda m: chr(_FULL_TO_HALF[ord(m.group())]), text)


# A headline has no punctuation: a space between two Chinese words separates its phrases
# (产值逾3.1萬億元 外資企業加速集聚, 增长9.8% 包头…营收首破千亿), and so does an ideographic space anywhere. Deleted
# like other spaces it would glue a figure to the next phrase's noun; it becomes a comma, 1:1.
_PHRASE_SPACE = re.compile("[ \u3000](?=[\u4e00-\u9fff])")
_SENTENCE_MARK = re.compile("[，。；！？,;]")


def _phrase_breaks(original: str, normal: str) -> str:
    """``normal`` with a comma where ``original`` separates two phrases by a space."""
    chars: list[str] | None = None
    for match in _PHRASE_SPACE.finditer(original):
        pos = match.start()
        if pos == 0 or not ("\u4e00" <= original[pos - 1] <= "\u9fff" or original[pos - 1] in "%％"):
            continue
        if original[pos] == " ":
            line_start = original.rfind("\n", 0, pos) + 1
            line_end = original.find("\n", pos)
            if _SENTENCE_MARK.search(original, line_start, line_end if line_end >= 0 else len(original)):
                continue  # a space inside prose is noise (全 区 开 发 区)
        chars = chars or list(normal)
        chars[pos] = "，"
    return "".join(chars) if chars else normal


def make_view(text: str) -> View:
    """Build the normalised, noise-free view of ``text``."""
    normal = to_simplified(text) if has_traditional(text) else _half_width(text)
    normal = _phrase_breaks(text, normal)
    if "忆" in normal:
        normal = _TYPO_UNIT.sub("亿", normal)
    pieces: list[str] = []
    cut_at: list[int] = []
    cut_total: list[int] = []
    kept = 0  # length of the view built so far
    removed = 0
    last = 0
    for match in anchored_finditer(_NOISE, _NOISE_ANCHOR, normal):
        start, end = match.span()
        pieces.append(normal[last:start])
        kept += start - last
        removed += end - start
        cut_at.append(kept)
        cut_total.append(removed)
        last = end
    pieces.append(normal[last:])
    return View("".join(pieces), tuple(cut_at), tuple(cut_total))

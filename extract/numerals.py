"""Numbers as written in Chinese documents → floats.

Handles Arabic digits (with thousands separators), Chinese numerals (一百零三, 两万,
千亿), and mixed forms with a magnitude suffix (1.2万亿, 3.7万亿, 5000万). Chinese numerals
go through ``cn2an``; we only split off the magnitude suffix ourselves because cn2an
rejects 万亿 and bare magnitudes (千亿, 百亿, 亿).
"""

from __future__ import annotations

from functools import lru_cache

import cn2an

MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_DIGIT_WORDS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                "六": 6, "七": 7, "八": 8, "九": 9}


def _split_magnitude(text: str) -> tuple[str, float]:
    """Split a trailing 万亿/亿/万 off ``text``: ('1.2', 1e12) for '1.2万亿'."""
    for suffix in ("万亿", "亿", "万"):
        if text.endswith(suffix):
            return text[: -len(suffix)], MAGNITUDES[suffix]
    return text, 1.0


@lru_cache(maxsize=4096)
def _chinese(text: str) -> float | None:
    """A pure Chinese numeral without 万亿-style compound magnitude (cn2an territory)."""
    if not text:
        return None
    if text in ("十", "百", "千"):
        return MAGNITUDES.get(text, 10.0)
    if text[0] in "十百千" and len(text) > 1:
        text = "一" + text  # cn2an wants 一百亿, not 百亿; 十二 is fine either way
    if all(ch in _DIGIT_WORDS for ch in text) and len(text) > 1:
        # Digit-by-digit numerals (二〇二〇) are years or codes, not quantities.
        return None
    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def parse_number(text: str) -> float | None:
    """Value of a number token; None when it does not parse.

    >>> parse_number('1.2万亿'), parse_number('两万'), parse_number('千亿'), parse_number('1,208')
    (1200000000000.0, 20000.0, 100000000000.0, 1208.0)
    """
    text = text.replace(",", "").replace(" ", "")
    if not text:
        return None
    head, factor = _split_magnitude(text)
    if not head:  # a bare magnitude: 亿 (as in 亿元级), 万亿
        return factor if factor > 1 else None
    try:
        return float(head) * factor
    except ValueError:
        pass
    # Arabic digits with a Chinese magnitude in front of the suffix: 5千万, 3百万
    for word, mult in (("千万", 1e7), ("百万", 1e6), ("十万", 1e5), ("千", 1e3), ("百", 1e2)):
        if head.endswith(word) and head[: -len(word)].replace(".", "", 1).isdigit():
            return float(head[: -len(word)]) * mult * factor
    value = _chinese(head)
    return None if value is None else value * factor

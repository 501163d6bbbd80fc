"""Numbers as written in Chinese documents → exact values.

Handles Arabic digits (with thousands separators), Chinese numerals (一百零三, 两万,
千亿), and mixed forms with a magnitude suffix (1.2万亿, 3.7万亿, 5000万). Chinese numerals
go through ``cn2an``; we only split off the magnitude suffix ourselves because cn2an
rejects 万亿 and bare magnitudes (千亿, 百亿, 亿).

Every scale is applied with ``Decimal``: ``1.12 * 1e4`` in binary floating point is
11200.000000000002, a value that is not whole and would fail the warehouse's checks.
``Decimal('1.12').scaleb(4)`` is exactly 11200, and converting that to ``float`` at the
very end is exact for every value a document can write (well below 2**53).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

# Powers of ten: a magnitude shifts the decimal point, it never multiplies a float.
MAGNITUDES: dict[str, int] = {"万亿": 12, "亿": 8, "万": 4, "千": 3, "百": 2}
_INNER_MAGNITUDES = (("千万", 7), ("百万", 6), ("十万", 5), ("千", 3), ("百", 2))
_DIGIT_WORDS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                "六": 6, "七": 7, "八": 8, "九": 9}


def _split_magnitude(text: str) -> tuple[str, int]:
    """Split a trailing 万亿/亿/万 off ``text``: ('1.2', 12) for '1.2万亿'."""
    for suffix in ("万亿", "亿", "万"):
        if text.endswith(suffix):
            return text[: -len(suffix)], MAGNITUDES[suffix]
    return text, 0


@lru_cache(maxsize=4096)
def _chinese(text: str) -> Decimal | None:
    """A pure Chinese numeral without 万亿-style compound magnitude (cn2an territory)."""
    if not text:
        return None
    if text == "十":
        return Decimal(10)
    if text in MAGNITUDES:
        return Decimal(1).scaleb(MAGNITUDES[text])
    if text[0] in "十百千" and len(text) > 1:
        text = "一" + text  # cn2an wants 一百亿, not 百亿; 十二 is fine either way
    if all(ch in _DIGIT_WORDS for ch in text) and len(text) > 1:
        # Digit-by-digit numerals (二〇二〇) are years or codes, not quantities.
        return None
    try:
        # str() first: cn2an returns int or float, and a float such as 1.5 is exact in
        # decimal only through its shortest repr.
        return Decimal(str(cn2an.cn2an(text, "normal")))
    except (ValueError, KeyError, IndexError, TypeError, InvalidOperation):
        return None


def _arabic(text: str) -> Decimal | None:
    """Arabic digits with an optional decimal point; None for anything else."""
    if not text or not text.replace(".", "", 1).isdigit() or not text.isascii():
        return None
    return Decimal(text)


def parse_decimal(text: str) -> Decimal | None:
    """Exact value of a number token; None when it does not parse.

    >>> parse_decimal('1.12万'), parse_decimal('5.92万亿'), parse_decimal('两万')
    (Decimal('1.12E+4'), Decimal('5.92E+12'), Decimal('2E+4'))
    """
    text = text.replace(",", "").replace(" ", "")
    if not text:
        return None
    head, shift = _split_magnitude(text)
    if not head:  # a bare magnitude: 亿 (as in 亿元级), 万亿
        return Decimal(1).scaleb(shift) if shift else None
    value = _arabic(head)
    if value is None:
        # Arabic digits with a Chinese magnitude in front of the suffix: 5千万, 3百万
        for word, inner in _INNER_MAGNITUDES:
            if head.endswith(word) and (digits := _arabic(head[: -len(word)])) is not None:
                return digits.scaleb(inner + shift)
        value = _chinese(head)
    return None if value is None else value.scaleb(shift)


def to_number(value: Decimal) -> float:
    """The float the records carry: exact for whole values (11200, not 11200.000000000002)."""
    return float(value)


def parse_number(text: str) -> float | None:
    """Value of a number token as a float, computed exactly; None when it does not parse.

    >>> parse_number('1.2万亿'), parse_number('两万'), parse_number('千亿'), parse_number('1,208')
    (1200000000000.0, 20000.0, 100000000000.0, 1208.0)
    >>> parse_number('1.12万')
    11200.0
    """
    value = parse_decimal(text)
    return None if value is None else to_number(value)

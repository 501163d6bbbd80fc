"""Properties that must hold for any input: numerals round-trip, spans index the text,
and nothing raises on noisy, broken or hostile strings."""

from __future__ import annotations

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.facts import document_facts
from extract.figures import extract_figures
from extract.normalize import make_view
from extract.numerals import parse_number

_SHIFTS = {"万": 4, "亿": 8, "万亿": 12}

# Fragments of real-looking text plus noise: figures, units, markup, traditional
# characters, full-width digits, mojibake and control characters.
_FRAGMENTS = st.sampled_from([
    "开发区", "共有", "103家", "1 0 3 家", "增长", "11.9%", "１２％", "亿元", "3.7萬億元", "千亿",
    "百億級", "第11位", "前10", "2-3家", "1～3个", "提高6、", "8个百分点", "1/3", "百分之二十",
    "<br>", "&nbsp;", "[1]", "\n", "\n\n", "“", "”", "《", "》", "(", ")", "，", "。", "；",
    "湖北省：", "兰州新区", "到2025年", "20xx年", "十四五”末", "锟斤拷", "Ã©", "\ufeff",
    "\u200b", "\x00", "G60", "7×24", "国办发〔2017〕7号", "一、", "400万元/亩", "左右", "以上",
])
_NOISY_TEXT = st.one_of(
    st.lists(_FRAGMENTS, max_size=40).map("".join),
    st.text(max_size=300),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=999_999_999))
def test_chinese_numerals_parse_back(number: int) -> None:
    written = cn2an.an2cn(number)
    assert parse_number(written) == number


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿", "万亿"]))
def test_arabic_with_magnitude(number: int, magnitude: str) -> None:
    factor = {"万": 1e4, "亿": 1e8, "万亿": 1e12}[magnitude]
    assert parse_number(f"{number}{magnitude}") == number * factor


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=99_999), st.integers(min_value=0, max_value=99),
       st.sampled_from(["万", "亿", "万亿"]))
def test_decimal_with_magnitude_is_exact(whole: int, cents: int, magnitude: str) -> None:
    """X.YZ万/亿/万亿 is exactly (100·X + YZ)·10^(shift-2): no binary floating-point residue
    (1.12万 must be 11200, not 11200.000000000002)."""
    exact = (whole * 100 + cents) * 10 ** (_SHIFTS[magnitude] - 2)
    value = parse_number(f"{whole}.{cents:02d}{magnitude}")
    assert value == exact
    assert value is not None and value.is_integer()


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=9_999), st.integers(min_value=1, max_value=99),
       st.sampled_from([("万", "家"), ("亿", "元"), ("万亿", "元"), ("万", "平方米"), ("亿", "美元")]))
def test_extracted_decimal_multiples_are_whole(whole: int, cents: int, unit: tuple[str, str]) -> None:
    """The same through the whole extractor: 企业1.12万家 is the record value 11200."""
    magnitude, word = unit
    figures = extract_figures(f"全省共有企业{whole}.{cents:02d}{magnitude}{word}。", "doc")
    assert [f.value for f in figures] == [(whole * 100 + cents) * 10 ** (_SHIFTS[magnitude] - 2)]
    assert figures[0].value.is_integer()


@settings(max_examples=400, deadline=None)
@given(_NOISY_TEXT)
def test_spans_index_the_original_text(text: str) -> None:
    found = extract_figures(text, "doc")
    assert [f.start for f in found] == sorted(f.start for f in found)
    for figure in found:
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start:figure.end] == figure.text
        assert figure.doc_id == "doc"
        assert 0.0 <= figure.confidence <= 1.0


@settings(max_examples=200, deadline=None)
@given(_NOISY_TEXT)
def test_view_maps_every_position_back(text: str) -> None:
    view = make_view(text)
    for pos in range(len(view.text)):
        original = view.original_start(pos)
        assert 0 <= original < len(text)
        assert view.original_end(pos + 1) <= len(text)


@settings(max_examples=200, deadline=None)
@given(_NOISY_TEXT)
def test_document_facts_never_raise(text: str) -> None:
    facts = document_facts(text)
    assert facts.script in ("simplified", "traditional")
    assert all(region.endswith(("省", "市", "区")) for region in facts.regions)


def test_non_text_input_gives_nothing() -> None:
    assert extract_figures("", "doc") == []
    assert extract_figures(None, "doc") == []  # type: ignore[arg-type]

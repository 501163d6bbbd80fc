"""Decoding every input kind: the generated corpus, then properties over random input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.decode import SUPPORTED_SUFFIXES, UnreadableDocument, decode_document, detect_script
from extract.decode_html import visible_text
from tests.fixtures.make_inputs import HTML_FURNITURE, build_inputs, make_inputs

_CORPUS = build_inputs()
_READABLE = sorted(name for name, (_, expected) in _CORPUS.items() if expected.readable)
_UNREADABLE = sorted(name for name, (_, expected) in _CORPUS.items() if not expected.readable)


def _ocr_slow(names: list[str]) -> list:
    """The image-only PDFs (``scanned*``) are read by OCR, seconds each: the edit loop
    (``make test-fast``) leaves them to ``make test``."""
    return [pytest.param(name, marks=pytest.mark.slow) if name.startswith("scanned") else name for name in names]


@pytest.mark.parametrize("name", _ocr_slow(_READABLE))
def test_readable_inputs_decode_to_the_expected_text(name: str) -> None:
    data, want = _CORPUS[name]

    doc = decode_document(data, name, max_bytes=want.max_bytes)

    assert (doc.format, doc.encoding, doc.script) == (want.format, want.encoding, want.script)
    position = 0
    for phrase in want.phrases:  # each phrase present, and in document order
        found = doc.text.find(phrase, position)
        assert found >= 0, f"{phrase!r} missing after offset {position} in {doc.text!r}"
        position = found + len(phrase)
    for furniture in want.absent:
        assert furniture not in doc.text
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")


@pytest.mark.parametrize("name", _ocr_slow(_UNREADABLE))
def test_unreadable_inputs_are_refused_with_a_reason(name: str) -> None:
    data, want = _CORPUS[name]

    with pytest.raises(UnreadableDocument) as refused:
        decode_document(data, name, max_bytes=want.max_bytes)

    assert want.reason in refused.value.reason
    assert refused.value.stage == "decode"
    assert str(refused.value) == refused.value.reason


def test_written_corpus_is_identical_on_every_run(tmp_path: Path) -> None:
    expected = make_inputs(tmp_path)
    assert sorted(expected) == sorted(_CORPUS)
    for name, (data, want) in _CORPUS.items():
        assert (tmp_path / name).read_bytes() == data, name
        assert expected[name] == want


def test_size_limit_reason_names_sizes_and_setting() -> None:
    data = b"x" * int(25.3 * 1024 * 1024)
    with pytest.raises(UnreadableDocument) as refused:
        decode_document(data, "big.txt")
    assert refused.value.reason == (
        "file is 25.3 MB, over the 20 MB limit (ZONESTATS_MAX_DOCUMENT_BYTES)"
    )


def test_suffix_is_case_insensitive_and_path_is_ignored() -> None:
    doc = decode_document("园区12家。".encode(), r"C:\上传\报告.TXT")
    assert doc.format == "txt" and doc.text == "园区12家。"


def test_file_without_suffix_is_unsupported() -> None:
    with pytest.raises(UnreadableDocument, match=r"unsupported file type \(no suffix\)"):
        decode_document(b"hello", "README")


def test_lone_carriage_returns_become_newlines_and_nothing_else_changes() -> None:
    text = "　第一行：园区3家。\r第二行\t12.5%  \r\n\n第三行"
    doc = decode_document(text.encode("utf-8"), "a.txt")
    assert doc.text == "　第一行：园区3家。\n第二行\t12.5%  \n\n第三行"


def test_meta_charset_that_contradicts_the_bytes_falls_back_to_detection() -> None:
    page = '<html><head><meta charset="big5"></head><body><p>截至年底共有园区12家。</p></body></html>'
    doc = decode_document(page.encode("utf-8"), "page.html")
    assert doc.encoding == "utf_8" and "共有园区12家" in doc.text


def test_html_fallback_drops_page_furniture() -> None:
    page = """<html><head><title>标题</title><style>p { font-size: 1px }</style></head><body>
    <header>某省商务厅</header><nav>首页 | 政务公开</nav>
    <div><p>全省共有开发区96家。</p><table><tr><td>国家级</td><td>15</td></tr></table></div>
    <script>var banner = "广告位招商";</script><footer>备案号：12345</footer></body></html>"""
    text = visible_text(page)
    assert text == "全省共有开发区96家。\n国家级\t15"
    assert not any(furniture in text for furniture in HTML_FURNITURE)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("开发区经济总量持续增长", "simplified"),
        ("開發區經濟總量持續增長", "traditional"),
        ("GDP 12.5%", "simplified"),
    ],
)
def test_script_is_decided_by_characters_that_change_under_t2s(text: str, script: str) -> None:
    assert detect_script(text) == script


# --- properties ----------------------------------------------------------------------


def _hanzi(codec: str, leads: range, trails: range) -> list[str]:
    """Characters of one block of a national standard: its most common hanzi."""
    chars = []
    for lead in leads:
        for trail in trails:
            try:
                chars.append(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


_SIMPLIFIED_POOL = _hanzi("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))  # GB2312 level 1
_TRADITIONAL_POOL = _hanzi("big5", range(0xA4, 0xC6), range(0xA1, 0xFF))  # Big5 frequent hanzi
_FILLER = st.sampled_from(list("0123456789.%，。、；：（）《》“” \n"))


@st.composite
def _chinese_text(draw: st.DrawFn, pool: list[str]) -> str:
    """At least 30 distinct hanzi with digits and punctuation between them.

    Distinct, because a byte string of a few (or one repeated) hanzi can be valid and
    plausible GB18030 and Big5 at once; no decoder can tell those apart.
    """
    hanzi = draw(st.lists(st.sampled_from(pool), min_size=30, max_size=120, unique=True))
    return "".join(char + draw(st.just("") | _FILLER) for char in hanzi)


@pytest.mark.parametrize(
    ("codec", "expected", "pool"),
    [
        pytest.param("utf-8", "utf_8", _SIMPLIFIED_POOL, id="utf-8"),
        pytest.param("utf-8-sig", "utf_8_sig", _TRADITIONAL_POOL, id="utf-8-sig"),
        pytest.param("utf-16", "utf_16", _SIMPLIFIED_POOL, id="utf-16"),
        pytest.param("gbk", "gb18030", _SIMPLIFIED_POOL, id="gbk"),
        pytest.param("gb18030", "gb18030", _SIMPLIFIED_POOL, id="gb18030"),
        pytest.param("big5", "big5", _TRADITIONAL_POOL, id="big5"),
    ],
)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_chinese_text_in_each_encoding_decodes_back_exactly(codec, expected, pool, data) -> None:
    text = data.draw(_chinese_text(pool))
    doc = decode_document(text.encode(codec), "random.txt")
    assert doc.encoding == expected
    assert doc.text == text


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(min_size=1, max_size=3000),
    suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)),
)
def test_random_bytes_never_raise_anything_but_unreadable(data: bytes, suffix: str) -> None:
    try:
        doc = decode_document(data, "random" + suffix)
    except UnreadableDocument as refused:
        assert refused.reason
    else:
        assert doc.text.strip() and "\r" not in doc.text


def test_byte_order_mark_outranks_the_meta_charset() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>截至年底共有园区12家。</p></body></html>'
    doc = decode_document(page.encode("utf-16"), "page.htm")
    assert doc.encoding == "utf_16" and "共有园区12家" in doc.text


def test_dos_end_of_file_mark_is_not_binary() -> None:
    doc = decode_document("全省共有开发区96家。\r\n".encode("gbk") + b"\x1a", "old.txt")
    assert doc.encoding == "gb18030" and doc.text == "全省共有开发区96家。\n\x1a"

"""Scanned PDFs: which pages need OCR, how text boxes become lines, and figures from a scan.

The scanned page is rendered in the test (``extract.bench_ocr.render_scan``: Noto Serif CJK
drawn into a picture, saved as an image-only PDF), so its text is known.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import extract.decode_ocr as decode_ocr
from extract.bench_ocr import render_scan
from extract.decode import UnreadableDocument, decode_document
from extract.decode_ocr import lines_of_boxes, needs_ocr
from extract.output import write_figures
from tests.fixtures.make_inputs import SIMPLIFIED_LINES


@pytest.fixture(scope="module")
def scan() -> bytes:
    return render_scan(SIMPLIFIED_LINES)


def test_a_scanned_chinese_pdf_yields_its_figures_through_the_extract_command(tmp_path: Path, scan: bytes) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scan)
    out = io.StringIO()

    write_figures([path], "jsonl", out)

    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    found = {(row["text"], row["value"], row["unit"]) for row in rows}
    assert {
        ("96家", 96, "count"),
        ("1.2万亿元", 1.2e12, "CNY"),
        ("52.3%", 52.3, "percent"),
        ("12.6亿美元", 1.26e9, "USD"),
    } <= found
    text = decode_document(scan, path.name).text  # offsets point into the OCR text
    assert all(text[row["start"]:row["end"]] == row["text"] for row in rows)


def test_ocr_text_keeps_the_lines_of_the_page(scan: bytes) -> None:
    doc = decode_document(scan, "scan.pdf")
    assert doc.format == "pdf" and doc.script == "simplified"
    assert doc.text.splitlines() == list(SIMPLIFIED_LINES)


def test_an_engine_that_cannot_load_refuses_the_scan_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, scan: bytes
) -> None:
    def broken_engine():
        raise ImportError("libGL.so.1: cannot open shared object file")

    monkeypatch.setattr(decode_ocr, "_engine", broken_engine)
    with pytest.raises(UnreadableDocument) as refused:
        decode_document(scan, "scan.pdf")
    assert refused.value.reason == (
        "PDF has no text layer on 1 page(s) (scanned?) and the OCR engine cannot load "
        "(ImportError: libGL.so.1: cannot open shared object file)"
    )


def test_too_many_scanned_pages_are_refused_before_any_is_read(
    monkeypatch: pytest.MonkeyPatch, scan: bytes
) -> None:
    monkeypatch.setattr(decode_ocr, "MAX_OCR_PAGES", 0)
    monkeypatch.setattr(decode_ocr, "_engine", pytest.fail)  # must not even load the engine
    with pytest.raises(UnreadableDocument, match="over the OCR limit of 0 pages"):
        decode_document(scan, "scan.pdf")


@pytest.mark.parametrize(
    ("text", "n_images", "expected"),
    [
        ("", 1, True),  # a picture of a page
        ("", 0, False),  # a blank separator page: nothing to read
        ("(cid:12)(cid:845)(cid:3)\n(cid:77)", 0, True),  # glyphs without a Unicode map
        ("第1页 (cid:12)(cid:845)(cid:3)(cid:9)", 1, True),  # mostly glyph codes
        ("全省共有开发区96家 (cid:3)", 0, False),  # one stray glyph in real text
        ("全省共有开发区96家。", 1, False),  # a text page with a logo
    ],
)
def test_pages_needing_ocr(text: str, n_images: int, expected: bool) -> None:
    assert needs_ocr(text, n_images) is expected


def _box(x0: float, y0: float, x1: float, y1: float, text: str) -> list:
    return [[[x0, y0], [x1, y0], [x1, y1], [x0, y1]], text, 0.99]


def test_boxes_become_lines_top_to_bottom_and_table_cells_are_tab_separated() -> None:
    boxes = [
        _box(400, 102, 460, 130, "15"),  # a table row's second cell, same height as its label
        _box(100, 40, 500, 70, "截至2022年底，某省共有开发区96家"),
        _box(100, 100, 300, 128, "国家级开发区"),
        _box(505, 41, 560, 69, "。"),  # a line cut in two by a narrow gap
        _box(100, 160, 300, 188, "省级开发区"),
    ]
    assert lines_of_boxes(boxes) == "截至2022年底，某省共有开发区96家。\n国家级开发区\t15\n省级开发区"
    assert lines_of_boxes([]) == ""

"""Page images → text by OCR, for PDF pages that carry no usable text layer.

Government bulletins are often scans: a picture of each page and no text, or text drawn
with a font that has no Unicode map, which pdfminer returns as ``(cid:N)`` glyph codes.
Such pages are rendered to an image (pypdfium2, which pdfplumber already brings) and
read by RapidOCR: PaddleOCR's PP-OCRv4 Chinese models run by onnxruntime, the models
inside the ``rapidocr-onnxruntime`` wheel, so nothing downloads at run time.
``docs/ocr.md`` has the comparison with Tesseract 5 (Debian's ``tesseract-ocr-chi-sim``)
that chose it: on a noisy, slightly rotated test scan Tesseract read 4–5 percentages
wrong (``52.3%`` → ``52.396``), RapidOCR none — for a statistics pipeline the digits
are what matters.

The OCR text becomes the page's text, so figure offsets point into it and the document
viewer shows what was read. If the engine cannot load, the document is refused with a
reason that says so.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import pypdfium2

from extract.decode_errors import UnreadableDocument

# RapidOCR scales every image to at most 2000 px on its long side; 200 DPI puts an A4
# page (2339 px) just above that, and read the test pages as well as 300 (docs/ocr.md).
OCR_DPI = 200
# Beyond this many scanned pages a document would hold a worker for many minutes
# (≈3–6 s of CPU a page); it is refused instead, with the count in the reason.
MAX_OCR_PAGES = 100
_MAX_PIXELS = 35_000_000  # a poster-sized page is scaled down rather than rendered whole

_CID_GLYPH = re.compile(r"\(cid:\d+\)")
_READABLE_CHAR = re.compile(r"\w")


def needs_ocr(page_text: str, n_images: int) -> bool:
    """True for a page whose text is mostly ``(cid:N)`` glyph codes, or a picture without text.

    A page with neither text nor image is blank (a separator page): nothing to read.
    """
    n_glyphs = len(_CID_GLYPH.findall(page_text))
    n_readable = len(_READABLE_CHAR.findall(_CID_GLYPH.sub("", page_text)))
    return n_glyphs > n_readable or (n_readable == 0 and n_images > 0)


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    """The OCR engine, loaded once per process (its three models take ≈1 s to load)."""
    from rapidocr_onnxruntime import RapidOCR  # imported here: onnxruntime and OpenCV are heavy

    return RapidOCR()


def ocr_pdf_pages(data: bytes, page_numbers: list[int]) -> dict[int, str]:
    """OCR text of the given pages (0-based) of a PDF; raise UnreadableDocument if OCR cannot run."""
    if len(page_numbers) > MAX_OCR_PAGES:
        raise UnreadableDocument(
            f"scanned PDF with {len(page_numbers)} pages without a text layer, over the "
            f"OCR limit of {MAX_OCR_PAGES} pages"
        )
    try:
        engine = _engine()
    except Exception as error:  # ImportError (a missing libGL for OpenCV), onnxruntime errors
        raise UnreadableDocument(
            f"PDF has no text layer on {len(page_numbers)} page(s) (scanned?) and the OCR "
            f"engine cannot load ({type(error).__name__}: {error})"
        ) from None
    document = pypdfium2.PdfDocument(data)
    try:
        return {number: _read_page(engine, document[number]) for number in page_numbers}
    finally:
        document.close()


def _read_page(engine: Any, page: pypdfium2.PdfPage) -> str:
    width_pt, height_pt = page.get_size()
    scale = min(OCR_DPI / 72, (_MAX_PIXELS / max(width_pt * height_pt, 1.0)) ** 0.5)
    try:
        image = page.render(scale=scale).to_numpy()
    finally:
        page.close()
    if image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]  # the engine wants three channels
    boxes, _ = engine(np.ascontiguousarray(image))
    return lines_of_boxes(boxes or [])


def lines_of_boxes(boxes: list) -> str:
    """Text boxes (``[corners, text, score]``) → lines, top to bottom, left to right.

    The engine returns one box per run of text; the cells of a table row, or the two
    halves of a line with a wide gap, are separate boxes at the same height. Boxes whose
    vertical middles lie within half a line height share a line; a gap wider than one
    character height between them becomes a tab (a cell boundary, as the other decoders
    write table rows), a narrower one nothing.
    """
    items = []
    for corners, text, _score in boxes:
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        items.append((min(ys), max(ys), min(xs), max(xs), text))
    items.sort(key=lambda item: (item[0] + item[1]) / 2)
    rows: list[list[tuple]] = []
    for item in items:
        middle, height = (item[0] + item[1]) / 2, item[1] - item[0]
        last = rows[-1][-1] if rows else None
        if last is not None and abs((last[0] + last[1]) / 2 - middle) < max(height, last[1] - last[0]) / 2:
            rows[-1].append(item)
        else:
            rows.append([item])
    lines = []
    for row in rows:
        row.sort(key=lambda item: item[2])
        line = row[0][4]
        for before, item in zip(row, row[1:]):
            gap = item[2] - before[3]
            line += ("\t" if gap > item[1] - item[0] else "") + item[4]
        lines.append(line)
    return "\n".join(lines)

"""PDF bytes → the text layer, page by page (pdfplumber).

Scanned pages have no text layer (or only ``(cid:N)`` glyph codes); they are read by
OCR (``decode_ocr``), and a PDF where even OCR finds no text is refused with a reason.

Ruled tables are read with pdfplumber's table finder and rendered one row per line,
cells joined by a tab (as the HTML and DOCX decoders do), in their place between the
text above and below them: the plain text layer would run a row's cells together with
single spaces, or split a cell over lines, and lose which number belongs to which header.
"""

from __future__ import annotations

import io

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from extract.decode_errors import UnreadableDocument, parser_failure
from extract.decode_ocr import needs_ocr, ocr_pdf_pages

PAGE_SEPARATOR = "\n\n"


def pdf_to_text(data: bytes) -> str:
    """Return the text of every page, pages joined by a blank line."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages, scanned = [], []
            for number, page in enumerate(pdf.pages):
                pages.append(_page_text(page))
                if needs_ocr(pages[-1], len(page.images)):
                    scanned.append(number)
                page.close()  # frees the page's parsed objects; long reports add up
    except PdfminerException as error:
        # pdfplumber wraps pdfminer's errors; the original says what went wrong.
        cause = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise UnreadableDocument("PDF is encrypted (a password is required)") from None
        raise parser_failure("PDF", cause) from None
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        raise parser_failure("PDF", error) from None
    if scanned:
        for number, text in ocr_pdf_pages(data, scanned).items():
            pages[number] = text
    if not any(page.strip() for page in pages):
        raise UnreadableDocument("PDF has no text layer (scanned image?) and OCR read no text from it")
    return PAGE_SEPARATOR.join(pages)


def _page_text(page: pdfplumber.page.Page) -> str:
    """The page's text with each ruled table rendered as tab-separated rows, top to bottom."""
    tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
    if not tables:
        return page.extract_text() or ""
    _, top, _, bottom = page.bbox
    parts = []
    for table in tables:
        parts.append(_text_between(page, top, table.bbox[1], tables))
        parts.append("\n".join(
            "\t".join(" ".join((cell or "").split()) for cell in row) for row in table.extract()
        ))
        top = max(top, table.bbox[3])
    parts.append(_text_between(page, top, bottom, tables))
    return "\n".join(part for part in parts if part)


def _text_between(page: pdfplumber.page.Page, top: float, bottom: float,
                  tables: list[pdfplumber.table.Table]) -> str:
    """Text in the band [top, bottom) of the page, without the characters of any table."""
    if bottom <= top:
        return ""
    band = page.crop((page.bbox[0], top, page.bbox[2], bottom), strict=False)
    outside = band.filter(lambda obj: not any(_inside(obj, table.bbox) for table in tables))
    return outside.extract_text() or ""


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    """A character or line belongs to a table when its centre lies in the table's box."""
    x0, top, x1, bottom = bbox
    centre_x, centre_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= centre_x <= x1 and top <= centre_y <= bottom

"""PDF bytes → the text layer, page by page (pdfplumber).

Scanned bulletins have no text layer; OCR is out of scope, so they are quarantined with
a reason that says so rather than stored as an empty text.

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

PAGE_SEPARATOR = "\n\n"


def pdf_to_text(data: bytes) -> str:
    """Return the text of every page, pages joined by a blank line."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for page in pdf.pages:
                pages.append(_page_text(page))
                page.close()  # frees the page's parsed objects; long reports add up
    except PdfminerException as error:
        # pdfplumber wraps pdfminer's errors; the original says what went wrong.
        cause = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise UnreadableDocument("PDF is encrypted (a password is required)") from None
        raise parser_failure("PDF", cause) from None
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        raise parser_failure("PDF", error) from None
    if not any(page.strip() for page in pages):
        raise UnreadableDocument(
            "PDF has no text layer (scanned image?) — OCR is not supported"
        )
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

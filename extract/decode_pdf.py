"""PDF bytes → the text layer, page by page (pdfplumber).

Scanned pages have no text layer (or only ``(cid:N)`` glyph codes); they are read by
OCR (``decode_ocr``), and a PDF where even OCR finds no text is refused with a reason.
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
                pages.append(page.extract_text() or "")
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

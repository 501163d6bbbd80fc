"""PDF bytes → the text layer, page by page (pdfplumber).

Scanned bulletins have no text layer; OCR is out of scope, so they are quarantined with
a reason that says so rather than stored as an empty text.
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
                pages.append(page.extract_text() or "")
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

"""The one exception the decoders raise for input they cannot turn into text.

It lives in its own module so the per-format decoders (``decode_text``, ``decode_html``,
``decode_pdf``, ``decode_docx``) and the dispatcher in ``decode`` can all import it
without a cycle. Import it from :mod:`extract.decode`.
"""

from __future__ import annotations


class UnreadableDocument(Exception):
    """Raised with a clear, human-readable reason; the pipeline quarantines the file.

    ``reason`` states the fact (and the limit, where one applies) so a person reading
    the quarantine table knows what to do about the file without opening a log.
    """

    def __init__(self, reason: str, stage: str = "decode"):
        super().__init__(reason)
        self.reason = reason
        self.stage = stage


def parser_failure(kind: str, error: BaseException, limit: int = 200) -> UnreadableDocument:
    """Summarise a third-party parser's exception as an :class:`UnreadableDocument`.

    Parsers (pdfminer, python-docx, lxml) raise many unrelated exception types on
    malformed input; the reason keeps the type and the first line of the message.
    """
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    detail = f"{type(error).__name__}: {message}" if message else type(error).__name__
    if len(detail) > limit:
        detail = detail[: limit - 1] + "…"
    return UnreadableDocument(f"not a readable {kind} file ({detail})")

"""Bytes → text for every input kind, or a clear reason why not.

:func:`decode_document` is the only entry point the pipeline calls. It checks the
cheap facts first (file type, emptiness, size), hands the bytes to the decoder for the
file type (``decode_text``, ``decode_html``, ``decode_pdf`` with ``decode_ocr`` for scanned
pages, ``decode_docx``, ``decode_xlsx``; a zip is a container, see ``decode_zip``), then
normalises line endings. Any input it cannot read raises :class:`UnreadableDocument`
and nothing else, so the pipeline can quarantine the file with ``reason``.

The returned ``text`` is what figure offsets refer to: beyond line endings and a
leading byte-order mark it is left exactly as decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from extract.decode_docx import docx_to_text
from extract.decode_errors import UnreadableDocument
from extract.decode_html import html_to_text
from extract.decode_pdf import pdf_to_text
from extract.decode_text import CJK_IDEOGRAPH, decode_text_bytes
from extract.decode_xlsx import xlsx_to_text
from extract.decode_zip import refuse_archive
from extract.normalize import to_simplified

__all__ = [
    "DecodedDocument",
    "SUPPORTED_SUFFIXES",
    "UnreadableDocument",
    "check_size",
    "decode_document",
    "detect_script",
]

_FORMATS = {
    ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
    ".xlsx": "xlsx", ".zip": "zip",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMATS)
# Same default as zonestats.settings (ZONESTATS_MAX_DOCUMENT_BYTES), which passes the
# configured value; extract/ does not import the application's settings.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# A traditional text changes about 40% of its hanzi under t2s, a simplified one ~0%
# (measured on the sample documents), so a tenth is a safe dividing line. Counting the
# first 100,000 characters keeps large files fast (t2s converts ~500,000 chars/s).
_TRADITIONAL_SHARE = 0.10
_SCRIPT_SAMPLE_CHARS = 100_000
_LINE_BREAK = re.compile(r"\r\n?")


@dataclass(frozen=True)
class DecodedDocument:
    """A document's text and how it was read."""

    text: str  # the text figure offsets refer to (stored by the pipeline)
    format: str  # 'txt' | 'html' | 'pdf' | 'docx' | 'xlsx'
    encoding: str | None  # codec of txt/html ('utf_8', 'gb18030', 'big5', …); None for the rest
    script: str  # 'simplified' | 'traditional'


def decode_document(
    data: bytes, file_name: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> DecodedDocument:
    """Decode one input file, or raise UnreadableDocument saying why it cannot be read."""
    suffix = PurePath(file_name.replace("\\", "/")).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no suffix)"
        raise UnreadableDocument(
            f"unsupported file type {shown} (supported: {' '.join(_FORMATS)})"
        )
    if not data:
        raise UnreadableDocument("empty file")
    check_size(len(data), max_bytes)

    format_ = _FORMATS[suffix]
    encoding: str | None = None
    if format_ == "txt":
        text, encoding = decode_text_bytes(data)
    elif format_ == "html":
        text, encoding = html_to_text(data)
    elif format_ == "pdf":
        text = pdf_to_text(data)
    elif format_ == "xlsx":
        text = xlsx_to_text(data)
    elif format_ == "zip":
        refuse_archive(data, max_bytes)
    else:
        text = docx_to_text(data)

    text = _LINE_BREAK.sub("\n", text.removeprefix("\ufeff"))
    if not text.strip():
        raise UnreadableDocument(f"no text in the {format_} file (only whitespace)")
    return DecodedDocument(text=text, format=format_, encoding=encoding, script=detect_script(text))


def check_size(n_bytes: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Raise UnreadableDocument for a file over the size limit (before anyone reads it whole)."""
    if n_bytes > max_bytes:
        raise UnreadableDocument(
            f"file is {_size(n_bytes)}, over the {_size(max_bytes)} limit "
            "(ZONESTATS_MAX_DOCUMENT_BYTES)"
        )


def detect_script(text: str) -> str:
    """'traditional' when enough hanzi change under t2s (OpenCC's table), else 'simplified'."""
    sample = text[:_SCRIPT_SAMPLE_CHARS]
    n_hanzi = len(CJK_IDEOGRAPH.findall(sample))
    if not n_hanzi:
        return "simplified"
    # the extractor's table-driven t2s keeps length 1:1 and runs at C speed (pure-Python
    # OpenCC took ~40 ms a document); full-width → half-width changes are not hanzi
    changed = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b and CJK_IDEOGRAPH.match(a))
    return "traditional" if changed / n_hanzi >= _TRADITIONAL_SHARE else "simplified"


def _size(n_bytes: int) -> str:
    """Human-readable size: '25.3 MB', '20 MB', '1 KB', '512 bytes'."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n_bytes >= factor:
            return f"{n_bytes / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n_bytes} bytes"

"""DOCX bytes → text of the body's paragraphs and tables, in document order (python-docx).

Statistics bulletins put many figures in tables, so tables are not optional: each table
row becomes one line with its cells joined by a tab, so a row's label and its numbers
stay together for the extractor.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table

from extract.decode_errors import UnreadableDocument, parser_failure

# Word 97-2003 (.doc) files are OLE compound files; renamed to .docx they are common.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def docx_to_text(data: bytes) -> str:
    """Return the body text: one line per paragraph and per table row."""
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument(
            "old binary Word (.doc) file named .docx — save it as .docx or .txt"
        )
    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(block.text)
    except Exception as error:  # zipfile, lxml and python-docx each raise their own types
        raise parser_failure(".docx", error) from None
    return "\n".join(lines)


def _table_rows(table: Table) -> list[str]:
    """One tab-joined line per row; cell line breaks become spaces.

    A horizontally merged cell (python-docx repeats it) is written once and then left
    empty, as in a Markdown table, so the columns stay aligned under a header that spans
    several (营业收入 over 亿元 | 增长%); empty cells at a row's end are dropped.
    """
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            repeated = id(cell._tc) in seen
            seen.add(id(cell._tc))
            cells.append("" if repeated else " ".join(cell.text.split("\n")))
        rows.append("\t".join(cells).rstrip("\t"))
    return rows

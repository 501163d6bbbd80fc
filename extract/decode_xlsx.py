"""XLSX bytes → text: each sheet as a caption line and one line per row, cells joined by ``|``.

Statistics offices publish their tables as spreadsheets. The figure extractor reads
tables from text (``extract.tables``: rows of cells joined by ``|``, a caption line above),
so a workbook is rendered in that form and every cell with a number becomes a figure
with the row label, column header and sheet name as its context, and offsets into the
rendered text (which the document viewer shows). openpyxl reads the cells; the values
Excel last computed are taken for formulas.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl

from extract.decode_errors import UnreadableDocument, parser_failure

CELL_SEPARATOR = " | "
MAX_CELLS = 500_000  # a sheet beyond this is a data dump, not a statistics table
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) renamed .xlsx
_MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an XLSX is a zip: refuse a bomb before parsing


def xlsx_to_text(data: bytes) -> str:
    """Return every visible sheet as text; raise UnreadableDocument if it cannot be read."""
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument("old binary Excel (.xls) file named .xlsx — save it as .xlsx")
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unpacked > _MAX_UNPACKED_BYTES:
            raise UnreadableDocument(
                f"XLSX unpacks to {unpacked:,} bytes, over the limit of {_MAX_UNPACKED_BYTES:,}"
            )
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnreadableDocument:
        raise
    except Exception as error:  # zipfile, lxml and openpyxl each raise their own types
        raise parser_failure(".xlsx", error) from None
    try:
        sheets = [_sheet_text(sheet) for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    except UnreadableDocument:
        raise
    except Exception as error:
        raise parser_failure(".xlsx", error) from None
    finally:
        workbook.close()
    return "\n\n".join(sheet for sheet in sheets if sheet)


def _sheet_text(sheet) -> str:
    """The sheet's title, then its non-empty rows; trailing empty cells dropped."""
    lines, n_cells = [], 0
    for row in sheet.iter_rows():
        # read-only mode pads short rows with EmptyCell, which has no number format
        cells = [cell_text(cell.value, getattr(cell, "number_format", None)) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        n_cells += len(cells)
        if n_cells > MAX_CELLS:
            raise UnreadableDocument(f"sheet '{sheet.title}' has over {MAX_CELLS:,} cells")
        if cells:
            lines.append(CELL_SEPARATOR.join(cells))
    return "\n".join([sheet.title, *lines]) if lines else ""


def cell_text(value: object, number_format: str | None = None) -> str:
    """A cell as a reader sees it: whole numbers without ``.0``, percentages as ``52.3%``.

    A percentage cell stores 0.523 and shows 52.3%; the shown form is what the unit
    rules read. Line breaks and pipes inside a cell would split it, so they become a
    space and a slash.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return _number(round(value * 100, 10)) + "%"
        return _number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text.replace("|", "/").replace("｜", "/")


def _number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)

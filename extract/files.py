"""Reading documents from paths for the command line (the pipeline has its own intake)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

_MAX_BYTES = 50 * 1024 * 1024


def expand_paths(paths: Iterable[Path], suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Files named directly, plus the files inside named folders (sorted, recursive)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file()
                         and (suffixes is None or p.suffix.lower() in suffixes))
        elif path.is_file():
            files.append(path)
    return files


def read_text(path: Path) -> str:
    """The document's text: through ``extract.decode`` when present, else UTF-8 (BOM-aware).

    ``extract.decode`` is written separately (bytes → text for txt/html/pdf/docx); the
    fallback keeps this command usable for plain-text files without it.
    """
    data = path.read_bytes()
    try:
        decode = importlib.import_module("extract.decode")
    except ImportError:
        return data.decode("utf-8-sig", errors="replace")
    return decode.decode_document(data, path.name, _MAX_BYTES).text


def iter_documents(paths: Iterable[Path]) -> Iterator[tuple[str, str]]:
    """(doc_id, text) for each readable file; doc_id is the file name without its extension.

    A file the decoder rejects (unsupported type, too large, broken) is reported on
    stderr and skipped, so one bad file does not stop a folder.
    """
    for path in expand_paths(paths):
        try:
            text = read_text(path)
        except Exception as error:  # noqa: BLE001 - decode raises its own UnreadableDocument
            print(f"skipped {path}: {error}", file=sys.stderr)
            continue
        yield path.stem, text

"""Reading documents from paths for the command line (the pipeline has its own intake)."""

from __future__ import annotations

import importlib
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
    """(doc_id, text) for each file; doc_id is the file name without its extension."""
    for path in expand_paths(paths):
        yield path.stem, read_text(path)

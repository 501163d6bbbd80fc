"""The inbox: every file dropped there gets a content-addressed copy and a place in the manifest.

``scan_inbox`` is what the sensor calls each tick. It is cheap when nothing changed
(a cache keyed by path, size and mtime saves re-hashing) and it never loses a file:
whatever it sees is copied into ``var/raw/<doc_id>`` before anything else happens, so
later stages (and re-runs after a crash) work from the copy, not from an inbox file that
may since have changed or gone. Files are hashed and copied in chunks, so a 200 MB file
costs one pass over it and no more memory than a small one (the decoder refuses it by
size without reading it). A zip is unpacked here: each member is stored and listed as a
document of its own, named ``<zip name>/<member path>``; a zip that breaks a safety rule
(``extract.decode_zip``) is listed itself, and the decoder quarantines it with the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from extract.decode import UnreadableDocument
from extract.decode_zip import zip_members
from zonestats.filenames import safe_name, unique_path
from zonestats.settings import Settings
from zonestats.state import INBOX_SCHEMA, write_table

HASH_CHARS = 16
_CHUNK_BYTES = 1024 * 1024
_CACHE = "hash_cache.json"
_MANIFEST = "inbox.parquet"


def content_id(data: bytes) -> str:
    """The document id: a prefix of the SHA-256 of the bytes (same content, same id)."""
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


@dataclass(frozen=True)
class InboxFile:
    path: str  # relative to the inbox
    doc_id: str
    n_bytes: int
    modified_ns: int


@dataclass(frozen=True)
class InboxScan:
    files: list[InboxFile]
    changed: bool  # the listing differs from the previous manifest
    # the web sources' provenance manifest as of this scan (size and mtime): a page marked
    # gone changes no inbox file, yet the warehouse must be rebuilt to show it
    provenance: str = ""

    @property
    def doc_ids(self) -> set[str]:
        return {f.doc_id for f in self.files}


def raw_path(settings: Settings, doc_id: str) -> Path | None:
    """The stored original of a document (named by its id alone: one stat, no glob)."""
    path = settings.raw_dir / doc_id
    return path if path.exists() else None


def original_name(settings: Settings, doc_id: str) -> str:
    """The first name the document arrived under (its suffix tells the decoder the format)."""
    path = settings.intake_dir / "names.json"
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return doc_id
    return _names(str(path), stamp).get(doc_id, doc_id)


@lru_cache(maxsize=2)
def _names(path: str, stamp: int) -> dict[str, str]:
    """names.json parsed once per version, not once per document of a batch."""
    return _read_json(Path(path))


def scan_inbox(settings: Settings) -> InboxScan:
    """List the inbox, store new content, and rewrite the manifest if the listing changed."""
    cache_file = settings.intake_dir / _CACHE
    cache: dict[str, list] = _read_json(cache_file)
    names: dict[str, str] = _read_json(settings.intake_dir / "names.json")
    # one listing of the store per scan: a glob per inbox file would make every tick
    # quadratic in the number of documents
    stored = _stored_ids(settings)
    files: list[InboxFile] = []
    new_cache: dict[str, list] = {}
    for rel, entry in sorted(_listing(settings.inbox), key=lambda item: item[0]):
        try:
            stat = entry.stat()
            key = [stat.st_size, stat.st_mtime_ns]
            cached = cache.get(rel)
            if cached and cached[:2] == key and cached[2] in stored:
                doc_id, members = cached[2], cached[3] if len(cached) > 3 else None
            else:
                doc_id = _store_file(settings, Path(entry.path), stored)
                members = None
                if _is_zip(entry.name, stat.st_size, settings):
                    members = _unpack_zip(settings, doc_id, stored)
        except OSError:
            continue  # vanished or unreadable mid-scan: seen again next tick
        new_cache[rel] = [*key, doc_id] + ([members] if members is not None else [])
        if members is None:
            names.setdefault(doc_id, entry.name)
            files.append(InboxFile(rel, doc_id, stat.st_size, stat.st_mtime_ns))
        for member, member_id, n_bytes in members or []:
            names.setdefault(member_id, f"{entry.name}/{member}")
            files.append(InboxFile(f"{rel}/{member}", member_id, n_bytes, stat.st_mtime_ns))
    changed = new_cache != cache or not (settings.intake_dir / _MANIFEST).exists()
    if changed:
        _write_manifest(settings, files)
        _write_json(settings.intake_dir / "names.json", names)
        _write_json(cache_file, new_cache)
    return InboxScan(files=files, changed=changed, provenance=_provenance_stamp(settings))


def _provenance_stamp(settings: Settings) -> str:
    try:
        stat = (settings.intake_dir / "sources.parquet").stat()
    except FileNotFoundError:
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def listed_documents(settings: Settings) -> list[str]:
    """The documents the last scan listed, in a stable order (the runs' work list: the
    stream worker scans, then the run reads the listing the scan stored)."""
    import polars as pl

    manifest = settings.intake_dir / _MANIFEST
    if not manifest.exists():
        return []
    return pl.read_parquet(manifest, columns=["doc_id"])["doc_id"].unique().sort().to_list()


def add_to_inbox(settings: Settings, sources: Iterable[Path]) -> list[Path]:
    """Copy files (or every file under folders) into the inbox under safe, unique names."""
    settings.inbox.mkdir(parents=True, exist_ok=True)
    added: list[Path] = []
    for source in sources:
        for path in _walk(source) if source.is_dir() else [source]:
            with path.open("rb") as handle:  # in chunks: a huge file is not read whole
                chunks = iter(lambda: handle.read(_CHUNK_BYTES), b"")
                added.append(_write_atomically(settings, path.name, chunks))
    return added


def write_to_inbox(settings: Settings, name: str, data: bytes) -> Path:
    """Put bytes in the inbox atomically, so the sensor never sees half a file."""
    return _write_atomically(settings, name, iter([data]))


def _write_atomically(settings: Settings, name: str, chunks: Iterable[bytes]) -> Path:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    target = unique_path(settings.inbox, safe_name(name))
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=settings.inbox)
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    os.replace(tmp, target)
    return target


def _walk(folder: Path) -> Iterable[Path]:
    return (Path(entry.path) for _, entry in _listing(folder))


def _listing(folder: Path, prefix: str = "") -> Iterator[tuple[str, os.DirEntry]]:
    """Every visible file under ``folder``, with its path relative to it (``/``-separated).

    ``os.scandir`` rather than ``Path.rglob``: the sensor lists the whole inbox every
    tick, and pathlib's per-path objects made that 0.6–0.8 s at 10,000 files (a
    directory entry carries its type, so only files are stat-ed, once).
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:  # missing, or removed mid-scan
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):  # as rglob: no loops through links
                yield from _listing(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.is_file():
                yield f"{prefix}{entry.name}", entry
        except OSError:
            continue


def _stored_ids(settings: Settings) -> set[str]:
    if not settings.raw_dir.exists():
        return set()
    return {name[:HASH_CHARS] for name in os.listdir(settings.raw_dir) if not name.startswith(".")}


def _store_file(settings: Settings, path: Path, stored: set[str]) -> str:
    """Copy a file into the store under its content id, hashing it on the way; return the id.

    One pass in 1 MB chunks: the bytes hashed are the bytes stored even if the inbox
    file changes meanwhile, and memory stays flat however large the file is.
    """
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=settings.raw_dir)
    try:
        with path.open("rb") as source, os.fdopen(fd, "wb") as target:
            while chunk := source.read(_CHUNK_BYTES):
                digest.update(chunk)
                target.write(chunk)
        doc_id = digest.hexdigest()[:HASH_CHARS]
        if doc_id in stored:
            os.unlink(tmp)
        else:
            os.replace(tmp, settings.raw_dir / doc_id)
            stored.add(doc_id)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return doc_id


def _store_bytes(settings: Settings, data: bytes, stored: set[str]) -> str:
    """Store bytes already in memory (a zip member) under their content id; return the id."""
    doc_id = content_id(data)
    if doc_id not in stored:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=settings.raw_dir)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, settings.raw_dir / doc_id)
        stored.add(doc_id)
    return doc_id


def _is_zip(name: str, n_bytes: int, settings: Settings) -> bool:
    """A zip to unpack: by suffix, and not over the size limit (that one the decoder refuses)."""
    return name.lower().endswith(".zip") and n_bytes <= settings.max_document_bytes


def _unpack_zip(settings: Settings, zip_id: str, stored: set[str]) -> list[list] | None:
    """``[member path, doc id, size]`` for each member stored; None if the zip is refused.

    A refused zip (unsafe, broken) is listed as a file itself so the decoder quarantines
    it with the reason; members stored before a rule was found broken stay unlisted.
    """
    data = (settings.raw_dir / zip_id).read_bytes()
    try:
        return [
            [member, _store_bytes(settings, content, stored), len(content)]
            for member, content in zip_members(data, settings.max_document_bytes)
        ]
    except UnreadableDocument:
        return None


def _write_manifest(settings: Settings, files: list[InboxFile]) -> None:
    now = datetime.now(timezone.utc)
    write_table(
        settings.intake_dir / _MANIFEST,
        (
            {
                "path": f.path,
                "doc_id": f.doc_id,
                "n_bytes": f.n_bytes,
                "modified_at": datetime.fromtimestamp(f.modified_ns / 1e9, timezone.utc),
                "scanned_at": now,
            }
            for f in files
        ),
        INBOX_SCHEMA,
    )


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    os.replace(tmp, path)

"""What fetching remembers: per-URL validators and versions, the inbox files, the manifest.

Each source keeps one JSON file in ``var/sources/<name>.json``: the listing's validators
and links, and per document URL its ETag / Last-Modified, the inbox file it lives in and
every version fetched (doc id, fetch time). A document's bytes go to the inbox under a
name fixed by its URL (``data/inbox/web/<source>/<stem>-<url hash><suffix>``), so the
inbox scan content-addresses it like any dropped file, and a changed page replaces its
file: the old doc id leaves the inbox listing and is marked replaced, as an edited inbox
file is. ``var/intake/sources.parquet`` (one row per fetched version) is what dbt joins
for provenance.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from zonestats.filenames import safe_name
from zonestats.settings import Settings
from zonestats.state import SOURCES_SCHEMA, read_rows, write_table

MANIFEST = "sources.parquet"
# what a server's Content-Type says → the suffix the decoder reads the file by
_SUFFIX_BY_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_SUFFIXES = frozenset(_SUFFIX_BY_TYPE.values()) | {".htm"}


@dataclass
class UrlState:
    etag: str | None = None
    last_modified: str | None = None
    path: str | None = None  # the inbox file, relative to the inbox
    checked_at: str | None = None
    gone_since: str | None = None
    versions: list[list[str]] = field(default_factory=list)  # [doc_id, fetched_at] oldest first

    @property
    def doc_id(self) -> str | None:
        return self.versions[-1][0] if self.versions else None


@dataclass
class SourceState:
    name: str
    url: str
    region: str | None = None
    index_etag: str | None = None  # of the listing page or feed
    index_last_modified: str | None = None
    links: list[str] = field(default_factory=list)
    urls: dict[str, UrlState] = field(default_factory=dict)


def state_dir(settings: Settings) -> Path:
    return settings.state / "sources"


def load_state(settings: Settings, name: str, url: str) -> SourceState:
    try:
        raw = json.loads((state_dir(settings) / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SourceState(name=name, url=url)
    urls = {key: UrlState(**value) for key, value in raw.pop("urls", {}).items()}
    return SourceState(**raw, urls=urls)


def save_state(settings: Settings, state: SourceState) -> None:
    _atomic_write(state_dir(settings) / f"{state.name}.json",
                  json.dumps(asdict(state), ensure_ascii=False, indent=1).encode())


def inbox_name(source: str, url: str, suffix: str) -> str:
    """The document's inbox path: stable per URL (a new version replaces the file), readable,
    and unique (the URL's hash), under the source's folder."""
    stem = PurePosixPath(unquote(urlsplit(url).path)).stem or urlsplit(url).hostname or "page"
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return f"web/{safe_name(source)}/{safe_name(stem, max_len=80)}-{digest}{suffix}"


def suffix_for(url: str, content_type: str) -> str | None:
    """The decoder's suffix for a response: its Content-Type, else the URL's own suffix."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in _SUFFIX_BY_TYPE:
        return _SUFFIX_BY_TYPE[mime]
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return suffix if suffix in _SUFFIXES else None


def put_in_inbox(settings: Settings, rel_path: str, data: bytes) -> None:
    """Write (or replace) the file atomically, so the inbox scan never sees half of it."""
    _atomic_write(settings.inbox / rel_path, data)


def write_manifest(settings: Settings) -> None:
    """One row per fetched version of every source ever fetched (sources.yml may since
    have dropped some: their documents keep their provenance)."""
    rows, seen = [], set()
    folder = state_dir(settings)
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        state = load_state(settings, path.stem, "")
        for url, entry in state.urls.items():
            for i, (doc_id, fetched_at) in enumerate(entry.versions):
                if doc_id in seen:  # same bytes at two URLs: one document, first URL kept
                    continue
                seen.add(doc_id)
                latest = i == len(entry.versions) - 1
                rows.append({
                    "doc_id": doc_id,
                    "source_name": state.name,
                    "source_url": url,
                    "region_hint": state.region,
                    "fetched_at": datetime.fromisoformat(fetched_at),
                    "gone": latest and entry.gone_since is not None,
                })
    target = settings.intake_dir / MANIFEST
    # rewritten only when it changes: the inbox sensor rebuilds when this file does
    if not target.exists() or read_rows(target) != rows:
        write_table(target, rows, SOURCES_SCHEMA)


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)

"""Documents held back by validation: isolate the bad document, publish the others.

When a build fails a blocking expectation and every offending row names its document
(each figure row carries ``doc_id``), those documents are *held back* instead of the
whole build being refused: one Parquet file per document under ``var/held/`` records
the failing expectations, the offending figures and when. dbt reads that folder (the
``state.held`` source, ``stg_held_documents``) and treats a held document as not live —
its figures leave the build, and the previous version of its file, if one was published,
stays live (``int_document_status``). The build is then made and validated once more.

A hold is keyed by what could make the document pass: its content hash, the extractor
version and its figures as extracted, and the rules (a digest of the suites' sources and
the sets and regions they check against). When any of these changes the hold is
released before the next build (:func:`release_stale_holds`), so the document is
retried; if it still fails it is held again.

Failures that no document explains — a table-level expectation (an empty mart, a
missing table), a row without a document, or failures shared by every document of the
build (a broken model, not bad documents; a lone document included) — are not
isolated: the build is refused as before.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import polars as pl

from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import HELD_SCHEMA, PLACEHOLDER, write_table

# what the validation rules are made of: a change in any of these may admit a held
# document, so it is part of every hold's key
RULE_SOURCES: tuple[Path, ...] = (
    REPO_ROOT / "zonestats" / "validation" / "suites.py",
    REPO_ROOT / "zonestats" / "validation" / "provenance.py",
    REPO_ROOT / "extract" / "records.py",
    REPO_ROOT / "dbt_project" / "seeds" / "regions.csv",
)
MAX_FIGURES_SHOWN = 20  # offending rows kept per expectation and document


@dataclass(frozen=True)
class Offence:
    """One blocking expectation a document's rows broke."""

    doc_id: str
    suite: str
    expectation: str
    column_name: str
    rows: tuple[Mapping[str, Any], ...]  # the offending rows, as the suite read them

    @property
    def reason(self) -> str:
        values = ", ".join(_shown(r) for r in self.rows[:3])
        more = f" (+{len(self.rows) - 3} more)" if len(self.rows) > 3 else ""
        return f"{self.suite}: {self.expectation}({self.column_name}) failed for {values}{more}"


def rules_digest() -> str:
    """A digest of the rules the suites apply (see :data:`RULE_SOURCES`)."""
    digest = hashlib.sha256()
    for path in RULE_SOURCES:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def hold_key(settings: Settings, doc_id: str, rules: str | None = None) -> str:
    """What the document's hold rests on: its content hash and extractor version (its
    state row), its figures file as extracted (a re-extraction or a correction rewrites
    it) and the rules. ``rules`` saves recomputing the digest for many documents."""
    digest = hashlib.sha256((rules or rules_digest()).encode())
    for path in (settings.documents_dir / f"{doc_id}.parquet", settings.figures_dir / f"{doc_id}.parquet"):
        digest.update(_file_digest(path))
    return digest.hexdigest()[:24]


def hold(settings: Settings, offences: Iterable[Offence]) -> list[str]:
    """Write a hold for every document among ``offences``; the documents held."""
    by_document: dict[str, list[Offence]] = {}
    for offence in offences:
        by_document.setdefault(offence.doc_id, []).append(offence)
    rules, now = rules_digest(), datetime.now(timezone.utc)
    for doc_id, found in by_document.items():
        key = hold_key(settings, doc_id, rules)
        write_table(_path(settings, doc_id), (
            {
                "doc_id": doc_id, "hold_key": key, "suite": o.suite, "expectation": o.expectation,
                "column_name": o.column_name, "reason": o.reason,
                "figures": _json([dict(r) for r in o.rows[:MAX_FIGURES_SHOWN]]), "held_at": now,
            }
            for o in found
        ), HELD_SCHEMA)
    return sorted(by_document)


def release_stale_holds(settings: Settings) -> list[str]:
    """Release the holds whose key changed (rules, extractor, content or figures): the
    documents are built and validated again. A document no longer in the inbox is
    released too: it is not published either way, and no longer a reader's concern.
    Returns the documents released."""
    released: list[str] = []
    rules, listed = rules_digest(), _listed(settings)
    for path in _hold_files(settings):
        rows = pl.read_parquet(path, columns=["hold_key"]).to_dicts()
        if (not rows or rows[0]["hold_key"] != hold_key(settings, path.stem, rules)
                or (listed is not None and path.stem not in listed)):
            path.unlink(missing_ok=True)
            released.append(path.stem)
    return released


def held_documents(settings: Settings) -> list[dict[str, Any]]:
    """Every held document with its file name, reasons and offending figures, newest first."""
    documents: list[dict[str, Any]] = []
    for path in _hold_files(settings):
        rows = pl.read_parquet(path).to_dicts()
        if not rows:
            continue
        documents.append({
            "doc_id": path.stem,
            "file_name": _file_name(settings, path.stem),
            "held_at": rows[0]["held_at"],
            "reason": "; ".join(r["reason"] for r in rows),
            "expectations": [f"{r['suite']}: {r['expectation']}({r['column_name']})" for r in rows],
            "figures": [f for r in rows for f in json.loads(r["figures"])],
        })
    return sorted(documents, key=lambda d: d["held_at"], reverse=True)


def offences_of(
    failures: Sequence[tuple[str, Mapping[str, Any], Sequence[Mapping[str, Any]] | None]], documents: int,
) -> list[Offence] | None:
    """The offences of each document, or None when the failures are not the documents'.

    ``failures``: (suite, result row, every offending row or None when GX could not name
    them) per blocking failure; ``documents``: how many documents the build holds. None
    when a failure has no offending rows (table-level), a row names no document, or
    every document of the build would be held: that is a broken model or rule rather
    than bad documents, and holding them all back would publish an empty warehouse.
    """
    offences: list[Offence] = []
    for suite, result, rows in failures:
        if not rows or len(rows) != (result.get("unexpected_count") or 0):
            return None
        by_document: dict[str, list[Mapping[str, Any]]] = {}
        for row in rows:
            if not row.get("doc_id"):
                return None
            by_document.setdefault(str(row["doc_id"]), []).append(row)
        offences += [
            Offence(doc_id, suite, result["expectation"], result["column_name"], tuple(found))
            for doc_id, found in by_document.items()
        ]
    if len({o.doc_id for o in offences}) >= documents:
        return None
    return offences


def _hold_files(settings: Settings) -> list[Path]:
    if not settings.held_dir.exists():
        return []
    return sorted(p for p in settings.held_dir.glob("*.parquet") if p.name != PLACEHOLDER)


def _listed(settings: Settings) -> set[str] | None:
    """The documents of the latest inbox scan (None before the first scan)."""
    try:
        return set(pl.read_parquet(settings.intake_dir / "inbox.parquet", columns=["doc_id"])["doc_id"])
    except (OSError, pl.exceptions.PolarsError):
        return None


def _path(settings: Settings, doc_id: str) -> Path:
    return settings.held_dir / f"{doc_id}.parquet"


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except FileNotFoundError:
        return b"-"


def _file_name(settings: Settings, doc_id: str) -> str | None:
    try:
        rows = pl.read_parquet(settings.documents_dir / f"{doc_id}.parquet", columns=["file_name"]).to_dicts()
    except (OSError, pl.exceptions.PolarsError):
        return None
    return rows[0]["file_name"] if rows else None


def _shown(row: Mapping[str, Any]) -> str:
    """An offending row as a reader wants it: the figure's text and value, else its key."""
    if row.get("text") is not None:
        return f"{row['text']!s} (value {row.get('value')}, at {row.get('start')})"
    return ", ".join(f"{k}={v}" for k, v in row.items() if k != "doc_id")


def _plain(value: Any) -> Any:
    """numpy scalars as numbers, anything else (timestamps) as text."""
    return value.item() if hasattr(value, "item") else str(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain)

"""Analysts' corrections to the extracted figures, kept as append-only data.

A correction is one small Parquet file under ``var/corrections/`` (written atomically,
never edited): the action, the figure it is anchored to (the document's content hash,
the span and the text there), the new values, who, when and why. dbt applies them on
top of the extracted records (``int_figures_corrected``), so a correction survives any
re-extraction or full refresh: it is re-applied to whatever the extractor produces for
the same document. A document whose content changed has another content hash (its
doc_id), so its old corrections no longer apply; the ``corrections`` table lists them
as orphaned. Files, not rows in the warehouse, because the build file has one writer
(dbt): the app and the CLI only ever add a file, like a document dropped in the inbox.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

import duckdb

from extract.context import sentence_around
from extract.records import KINDS, MEASURES, METRICS, QUALIFIERS, UNITS
from zonestats.settings import Settings
from zonestats.state import CORRECTION_SCHEMA, PLACEHOLDER, read_rows, write_table

ACTIONS = ("set", "reject", "add", "reviewed")
# The figure fields an analyst may change: the spec's fields except the anchor
# (doc_id, start, end, text), which a correction never moves.
NUMBER_FIELDS = ("value", "value_high")
TEXT_FIELDS = ("unit", "metric", "measure", "region", "area", "subject", "period", "kind", "qualifier")
EDITABLE_FIELDS = NUMBER_FIELDS + TEXT_FIELDS
# what an added figure must say (the rest may stay null, as in the spec)
REQUIRED_FOR_ADD = ("value", "unit", "metric", "measure", "subject", "kind", "qualifier")
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "unit": UNITS, "metric": METRICS, "measure": MEASURES, "kind": KINDS, "qualifier": QUALIFIERS,
}

class InvalidCorrection(ValueError):
    """A correction that cannot be recorded; the message says why."""


@dataclass(frozen=True)
class Anchor:
    """Where a correction points: a span of one document's decoded text."""

    doc_id: str
    content_hash: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    sentence: str | None = None

    @property
    def figure_id(self) -> str | None:
        """The id ``fct_figures`` gives the figure on this span (md5 of doc_id:start:end)."""
        if self.start is None or self.end is None:
            return None
        return hashlib.md5(f"{self.doc_id}:{self.start}:{self.end}".encode()).hexdigest()


def parse_assignments(assignments: Iterable[str]) -> dict[str, Any]:
    """``["metric=other", "value=1.2e8", "area="]`` → typed field values (empty → null)."""
    values: dict[str, Any] = {}
    for item in assignments:
        field, sep, raw = item.partition("=")
        field = field.strip()
        if not sep:
            raise InvalidCorrection(f"expected field=value, got {item!r}")
        values[field] = raw.strip()
    return clean_values(values)


def clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check field names and vocabularies; numbers as floats, empty strings as null."""
    cleaned: dict[str, Any] = {}
    for field, raw in values.items():
        if field not in EDITABLE_FIELDS:
            raise InvalidCorrection(f"{field!r} cannot be corrected; fields: {', '.join(EDITABLE_FIELDS)}")
        value = None if raw is None or (isinstance(raw, str) and not raw.strip()) or raw != raw else raw
        if value is not None and field in NUMBER_FIELDS:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise InvalidCorrection(f"{field} must be a number, got {raw!r}") from None
        elif value is not None:
            value = str(value).strip()
            allowed = VOCABULARIES.get(field)
            if allowed and value not in allowed:
                raise InvalidCorrection(f"{field} must be one of {', '.join(allowed)}; got {value!r}")
            if field == "period" and not (len(value) == 4 and value.isdigit()):
                raise InvalidCorrection(f"period must be a year (four digits), got {value!r}")
        elif field in ("value", "unit", "metric", "measure", "kind", "qualifier"):
            raise InvalidCorrection(f"{field} cannot be empty")
        cleaned[field] = value
    return cleaned


def record(
    settings: Settings, action: str, anchor: Anchor, author: str, reason: str,
    values: Mapping[str, Any] | None = None, now: datetime | None = None,
) -> dict[str, Any]:
    """Write one correction file and return its row. Nothing is ever rewritten."""
    if action not in ACTIONS:
        raise InvalidCorrection(f"unknown action {action!r}")
    if not author.strip():
        raise InvalidCorrection("a correction needs an author")
    if not reason.strip():
        raise InvalidCorrection("a correction needs a reason")
    values = clean_values(values or {})
    if action == "set" and not values:
        raise InvalidCorrection("nothing to set")
    if action == "add":
        missing = [f for f in REQUIRED_FOR_ADD if values.get(f) is None]
        if missing:
            raise InvalidCorrection(f"an added figure needs {', '.join(missing)}")
    if action != "reviewed" and anchor.figure_id is None:
        raise InvalidCorrection(f"a {action} correction needs a span")
    created_at = now or datetime.now(timezone.utc)
    correction_id = uuid.uuid4().hex[:16]
    row = {
        "correction_id": correction_id,
        "action": action,
        "doc_id": anchor.doc_id,
        "content_hash": anchor.content_hash,
        "figure_id": anchor.figure_id,
        "start": anchor.start,
        "end": anchor.end,
        "text": anchor.text,
        "sentence": anchor.sentence,
        "new_values": json.dumps(values, ensure_ascii=False) if values else None,
        "author": author.strip(),
        "reason": reason.strip(),
        "created_at": created_at,
    }
    # the time first, so a listing sorts by when; the id keeps two at once apart
    name = f"{created_at:%Y%m%dT%H%M%S%f}-{correction_id}.parquet"
    write_table(settings.corrections_dir / name, [row], CORRECTION_SCHEMA)
    return row


def read_all(settings: Settings) -> list[dict[str, Any]]:
    """Every correction recorded, oldest first."""
    folder = settings.corrections_dir
    if not folder.is_dir():
        return []
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.parquet")):
        if path.name != PLACEHOLDER and not path.name.startswith("."):
            rows.extend(read_rows(path))
    return sorted(rows, key=lambda r: r["created_at"])


def stamp(settings: Settings) -> str:
    """A digest of the correction files present: it joins the inbox listing's digest,
    so a new correction makes the stream worker (and ``refresh``) rebuild and publish."""
    folder = settings.corrections_dir
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".parquet") and e.name != PLACEHOLDER)
    except FileNotFoundError:
        return ""
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16] if names else ""


# -- anchoring to what the warehouse holds ------------------------------------------------
def figure_anchor(settings: Settings, figure_id: str) -> Anchor:
    """The anchor of a published figure, from the published warehouse (read-only)."""
    rows = _published(
        settings,
        """select f.doc_id, d.content_hash, f."start", f."end", f."text", f.sentence
           from fct_figures f join dim_documents d using (doc_id) where f.figure_id = ?""",
        [figure_id],
    )
    if not rows:
        raise InvalidCorrection(f"no published figure {figure_id!r}")
    doc_id, content_hash, start, end, text, sentence = rows[0]
    return Anchor(doc_id, content_hash or doc_id, int(start), int(end), text, sentence)


def span_anchor(settings: Settings, doc_id: str, start: int | None = None, end: int | None = None) -> Anchor:
    """An anchor on a span of a live published document (or on the whole document, for
    ``reviewed``), its content hash from the published warehouse."""
    rows = _published(settings, "select content_hash from dim_documents where doc_id = ? and status = 'live'",
                      [doc_id])
    if not rows:
        raise InvalidCorrection(f"no live published document {doc_id!r}")
    return text_anchor(settings, doc_id, rows[0][0] or doc_id, start, end)


def text_anchor(settings: Settings, doc_id: str, content_hash: str, start: int | None = None,
                end: int | None = None) -> Anchor:
    """An anchor on ``start:end`` of the document's decoded text (the text figure offsets
    refer to), checked to lie inside it, with the span's text and sentence."""
    if start is None or end is None:
        return Anchor(doc_id, content_hash)
    try:
        text = (settings.texts_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
    except OSError as err:
        raise InvalidCorrection(f"the text of {doc_id} is missing: {err}") from err
    if not 0 <= start < end <= len(text):
        raise InvalidCorrection(f"span {start}-{end} is outside the document (0-{len(text)})")
    return Anchor(doc_id, content_hash, start, end, text[start:end], sentence_around(text, start, end))


def _published(settings: Settings, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    if not settings.published_db.exists():
        raise InvalidCorrection("nothing is published yet")
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


# -- gold export ------------------------------------------------------------------------------
GOLD_FIELDS = ("doc_id", "start", "end", "text", "value", "value_high", "unit", "metric", "measure",
               "region", "area", "subject", "period", "kind", "qualifier")


def export_gold(settings: Settings, gold_dir: Path, docs_dir: Path | None = None) -> dict[str, int]:
    """Write the figures of every reviewed live document as gold JSONL (figures-spec.md):
    ``<gold_dir>/<doc_id>.jsonl``, and the decoded text as ``<docs_dir>/<doc_id>.txt``
    (the text the offsets refer to), so ``zonestats eval --docs DIR --gold DIR`` scores
    the extractor on them. Returns figures per document."""
    columns = ", ".join(f'f."{c}"' for c in GOLD_FIELDS)
    rows = _published(
        settings,
        f"""select {columns}
            from fct_figures f
            where f.doc_id in (select doc_id from corrections where action = 'reviewed' and status = 'applied')
            order by f.doc_id, f."start", f."end" """,
        [],
    )
    reviewed = _published(
        settings, "select distinct doc_id from corrections where action = 'reviewed' and status = 'applied'", [])
    by_doc: dict[str, list[dict[str, Any]]] = {doc_id: [] for (doc_id,) in reviewed}
    for row in rows:
        by_doc[row[0]].append(dict(zip(GOLD_FIELDS, row)))
    gold_dir.mkdir(parents=True, exist_ok=True)
    if docs_dir is not None:
        docs_dir.mkdir(parents=True, exist_ok=True)
    for doc_id, figures in by_doc.items():
        lines = [json.dumps(_gold_record(f), ensure_ascii=False) for f in figures]
        (gold_dir / f"{doc_id}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        if docs_dir is not None:
            text = (settings.texts_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
            (docs_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return {doc_id: len(figures) for doc_id, figures in by_doc.items()}


def _gold_record(figure: Mapping[str, Any]) -> dict[str, Any]:
    record = dict(figure)
    for field in ("start", "end"):
        record[field] = int(record[field])
    for field in NUMBER_FIELDS:  # whole numbers as the gold files write them (103, not 103.0)
        value = record[field]
        if isinstance(value, float) and value.is_integer():
            record[field] = int(value)
    return record


def published_statuses(settings: Settings) -> dict[str, tuple[str, str | None]]:
    """correction_id → (applied | orphaned, reason) in the published warehouse."""
    try:
        rows = _published(settings, "select correction_id, status, orphan_reason from corrections", [])
    except (InvalidCorrection, duckdb.CatalogException):
        return {}
    return {cid: (status, why) for cid, status, why in rows}

"""Per-document state files: the Parquet contract between workers and dbt.

Every worker writes whole files under ``var/`` with :func:`write_table` (write to a
temporary name, then ``os.replace``), so any number of workers can write at once and
dbt never reads half a file. dbt reads each folder with one glob; an empty
``_schema.parquet`` in each folder keeps the glob valid and the columns typed before the
first document arrives. An incremental build reads only the files written since its
model last loaded some (dbt lists them: dbt_project/macros/state_files.sql).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from extract.records import FIGURE_FIELDS
from zonestats.settings import Settings

_TS = pa.timestamp("us", tz="UTC")

FIGURE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("value", pa.float64()),
        ("value_high", pa.float64()),
        ("unit", pa.string()),
        ("metric", pa.string()),
        ("measure", pa.string()),
        ("region", pa.string()),
        ("area", pa.string()),
        ("subject", pa.string()),
        ("period", pa.string()),
        ("kind", pa.string()),
        ("qualifier", pa.string()),
        # the extractor's calibrated chance that the record is right (Figure.confidence)
        ("confidence", pa.float64()),
        # provenance beyond the spec's fields
        ("sentence", pa.string()),
        ("extracted_at", _TS),
    ]
)
assert tuple(FIGURE_SCHEMA.names[: len(FIGURE_FIELDS)]) == FIGURE_FIELDS

DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("content_hash", pa.string()),
        ("file_name", pa.string()),
        ("format", pa.string()),
        ("encoding", pa.string()),
        ("script", pa.string()),
        ("n_bytes", pa.int64()),
        ("n_chars", pa.int64()),
        ("title", pa.string()),
        ("regions", pa.list_(pa.string())),
        ("year", pa.int64()),
        ("extractor_version", pa.string()),
        ("ingested_at", _TS),
    ]
)

QUARANTINE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("file_name", pa.string()),
        ("n_bytes", pa.int64()),
        ("stage", pa.string()),
        ("reason", pa.string()),
        ("quarantined_at", _TS),
    ]
)

# An analyst's correction (zonestats/corrections.py): one append-only file each.
CORRECTION_SCHEMA = pa.schema(
    [
        ("correction_id", pa.string()),
        ("action", pa.string()),  # set | reject | add | reviewed
        ("doc_id", pa.string()),
        ("content_hash", pa.string()),
        ("figure_id", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("sentence", pa.string()),
        # the new field values as a JSON object (a key with null sets the field to null)
        ("new_values", pa.string()),
        ("author", pa.string()),
        ("reason", pa.string()),
        ("created_at", _TS),
    ]
)

# a document validation held back: one row per failing expectation
HELD_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("hold_key", pa.string()),  # zonestats.validation.holds.hold_key: a change releases the hold
        ("suite", pa.string()),
        ("expectation", pa.string()),
        ("column_name", pa.string()),
        ("reason", pa.string()),  # one line, for status, the app and dim_documents
        ("figures", pa.string()),  # JSON: the offending rows (start, text, value, unit …)
        ("held_at", _TS),
    ]
)

INBOX_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("doc_id", pa.string()),
        ("n_bytes", pa.int64()),
        ("modified_at", _TS),
        ("scanned_at", _TS),
    ]
)

# Documents fetched from web sources, one row per version (zonestats/sources/store.py)
SOURCES_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source_name", pa.string()),
        ("source_url", pa.string()),
        ("region_hint", pa.string()),
        ("fetched_at", _TS),
        ("gone", pa.bool_()),  # the URL answered 404/410 since this, its last version
    ]
)

PLACEHOLDER = "_schema.parquet"


def write_table(path: Path, rows: Iterable[Mapping[str, Any]], schema: pa.Schema) -> None:
    """Write rows as one Parquet file, atomically (temp file + ``os.replace``)."""
    table = pa.Table.from_pylist(list(rows), schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def ensure_state(settings: Settings) -> None:
    """Create the state folders and their typed empty placeholders."""
    settings.ensure_dirs()
    for folder, schema in (
        (settings.figures_dir, FIGURE_SCHEMA),
        (settings.documents_dir, DOCUMENT_SCHEMA),
        (settings.quarantine_dir, QUARANTINE_SCHEMA),
        (settings.corrections_dir, CORRECTION_SCHEMA),
        (settings.held_dir, HELD_SCHEMA),
    ):
        placeholder = folder / PLACEHOLDER
        # A placeholder from before a column was added is rewritten: dbt reads the folder
        # by name, and the placeholder is what gives an all-old folder the new column.
        if not placeholder.exists() or pq.read_schema(placeholder) != schema:
            write_table(placeholder, [], schema)
    inbox_manifest = settings.intake_dir / "inbox.parquet"
    if not inbox_manifest.exists():
        write_table(inbox_manifest, [], INBOX_SCHEMA)
    sources_manifest = settings.intake_dir / "sources.parquet"
    if not sources_manifest.exists():
        write_table(sources_manifest, [], SOURCES_SCHEMA)


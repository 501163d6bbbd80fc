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

import polars as pl

from extract.records import FIGURE_FIELDS
from zonestats.settings import Settings

# dbt reads every timestamp as TIMESTAMPTZ: Parquet timestamps adjusted to UTC, in µs
_TS = pl.Datetime("us", "UTC")

FIGURE_SCHEMA = pl.Schema(
    [
        ("doc_id", pl.String),
        ("start", pl.Int64),
        ("end", pl.Int64),
        ("text", pl.String),
        ("value", pl.Float64),
        ("value_high", pl.Float64),
        ("unit", pl.String),
        ("metric", pl.String),
        ("measure", pl.String),
        ("region", pl.String),
        ("area", pl.String),
        ("subject", pl.String),
        ("period", pl.String),
        ("kind", pl.String),
        ("qualifier", pl.String),
        # the extractor's calibrated chance that the record is right (Figure.confidence)
        ("confidence", pl.Float64),
        # provenance beyond the spec's fields
        ("sentence", pl.String),
        ("extracted_at", _TS),
    ]
)
assert tuple(FIGURE_SCHEMA.names()[: len(FIGURE_FIELDS)]) == FIGURE_FIELDS

DOCUMENT_SCHEMA = pl.Schema(
    [
        ("doc_id", pl.String),
        ("content_hash", pl.String),
        ("file_name", pl.String),
        ("format", pl.String),
        ("encoding", pl.String),
        ("script", pl.String),
        ("n_bytes", pl.Int64),
        ("n_chars", pl.Int64),
        ("title", pl.String),
        ("regions", pl.List(pl.String)),
        ("year", pl.Int64),
        ("extractor_version", pl.String),
        ("ingested_at", _TS),
    ]
)

QUARANTINE_SCHEMA = pl.Schema(
    [
        ("doc_id", pl.String),
        ("file_name", pl.String),
        ("n_bytes", pl.Int64),
        ("stage", pl.String),
        ("reason", pl.String),
        ("quarantined_at", _TS),
    ]
)

# An analyst's correction (zonestats/corrections.py): one append-only file each.
CORRECTION_SCHEMA = pl.Schema(
    [
        ("correction_id", pl.String),
        ("action", pl.String),  # set | reject | add | reviewed
        ("doc_id", pl.String),
        ("content_hash", pl.String),
        ("figure_id", pl.String),
        ("start", pl.Int64),
        ("end", pl.Int64),
        ("text", pl.String),
        ("sentence", pl.String),
        # the new field values as a JSON object (a key with null sets the field to null)
        ("new_values", pl.String),
        ("author", pl.String),
        ("reason", pl.String),
        ("created_at", _TS),
    ]
)

# a document validation held back: one row per failing expectation
HELD_SCHEMA = pl.Schema(
    [
        ("doc_id", pl.String),
        ("hold_key", pl.String),  # zonestats.validation.holds.hold_key: a change releases the hold
        ("suite", pl.String),
        ("expectation", pl.String),
        ("column_name", pl.String),
        ("reason", pl.String),  # one line, for status, the app and dim_documents
        ("figures", pl.String),  # JSON: the offending rows (start, text, value, unit …)
        ("held_at", _TS),
    ]
)

INBOX_SCHEMA = pl.Schema(
    [
        ("path", pl.String),
        ("doc_id", pl.String),
        ("n_bytes", pl.Int64),
        ("modified_at", _TS),
        ("scanned_at", _TS),
    ]
)

# Documents fetched from web sources, one row per version (zonestats/sources/store.py)
SOURCES_SCHEMA = pl.Schema(
    [
        ("doc_id", pl.String),
        ("source_name", pl.String),
        ("source_url", pl.String),
        ("region_hint", pl.String),
        ("fetched_at", _TS),
        ("gone", pl.Boolean),  # the URL answered 404/410 since this, its last version
    ]
)

PLACEHOLDER = "_schema.parquet"


def write_table(path: Path, rows: Iterable[Mapping[str, Any]], schema: pl.Schema) -> None:
    """Write rows as one Parquet file, atomically (temp file + ``os.replace``).

    Built with the schema's dtypes (strict: a value of the wrong type raises rather
    than turning into a null), so an empty file still carries every typed column.
    """
    frame = pl.DataFrame(list(rows), schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=path.parent)
    os.close(fd)
    try:
        frame.write_parquet(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_rows(path: Path) -> list[dict[str, Any]]:
    return pl.read_parquet(path).to_dicts()


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
        if not placeholder.exists() or pl.read_parquet_schema(placeholder) != schema:
            write_table(placeholder, [], schema)
    inbox_manifest = settings.intake_dir / "inbox.parquet"
    if not inbox_manifest.exists():
        write_table(inbox_manifest, [], INBOX_SCHEMA)
    sources_manifest = settings.intake_dir / "sources.parquet"
    if not sources_manifest.exists():
        write_table(sources_manifest, [], SOURCES_SCHEMA)


"""The per-document state files keep the schema dbt reads (dbt_project/models/staging/_sources.yml).

dbt reads each state folder with DuckDB's ``read_parquet``; the column names and the
types DuckDB sees are the contract. They are written out here as DuckDB type names, not
derived from ``zonestats.state``, so a change to a schema there (or to how the files are
written) that would change what dbt reads fails this test.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import polars as pl
import pytest

from zonestats import state
from zonestats.settings import Settings

TS = "TIMESTAMP WITH TIME ZONE"
EXPECTED: dict[str, tuple[pl.Schema, dict[str, str]]] = {
    "figures": (state.FIGURE_SCHEMA, {
        "doc_id": "VARCHAR", "start": "BIGINT", "end": "BIGINT", "text": "VARCHAR", "value": "DOUBLE",
        "value_high": "DOUBLE", "unit": "VARCHAR", "metric": "VARCHAR", "measure": "VARCHAR", "region": "VARCHAR",
        "area": "VARCHAR", "subject": "VARCHAR", "period": "VARCHAR", "kind": "VARCHAR", "qualifier": "VARCHAR",
        "confidence": "DOUBLE", "sentence": "VARCHAR", "extracted_at": TS,
    }),
    "documents": (state.DOCUMENT_SCHEMA, {
        "doc_id": "VARCHAR", "content_hash": "VARCHAR", "file_name": "VARCHAR", "format": "VARCHAR",
        "encoding": "VARCHAR", "script": "VARCHAR", "n_bytes": "BIGINT", "n_chars": "BIGINT", "title": "VARCHAR",
        "regions": "VARCHAR[]", "year": "BIGINT", "extractor_version": "VARCHAR", "ingested_at": TS,
    }),
    "quarantine": (state.QUARANTINE_SCHEMA, {
        "doc_id": "VARCHAR", "file_name": "VARCHAR", "n_bytes": "BIGINT", "stage": "VARCHAR", "reason": "VARCHAR",
        "quarantined_at": TS,
    }),
    "corrections": (state.CORRECTION_SCHEMA, {
        "correction_id": "VARCHAR", "action": "VARCHAR", "doc_id": "VARCHAR", "content_hash": "VARCHAR",
        "figure_id": "VARCHAR", "start": "BIGINT", "end": "BIGINT", "text": "VARCHAR", "sentence": "VARCHAR",
        "new_values": "VARCHAR", "author": "VARCHAR", "reason": "VARCHAR", "created_at": TS,
    }),
    "held": (state.HELD_SCHEMA, {
        "doc_id": "VARCHAR", "hold_key": "VARCHAR", "suite": "VARCHAR", "expectation": "VARCHAR",
        "column_name": "VARCHAR", "reason": "VARCHAR", "figures": "VARCHAR", "held_at": TS,
    }),
    "inbox": (state.INBOX_SCHEMA, {
        "path": "VARCHAR", "doc_id": "VARCHAR", "n_bytes": "BIGINT", "modified_at": TS, "scanned_at": TS,
    }),
    "sources": (state.SOURCES_SCHEMA, {
        "doc_id": "VARCHAR", "source_name": "VARCHAR", "source_url": "VARCHAR", "region_hint": "VARCHAR",
        "fetched_at": TS, "gone": "BOOLEAN",
    }),
}
# A moment east of UTC: the file must hold the instant, stored as UTC
AT = datetime(2024, 5, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=8)))


def _columns(path: Path) -> dict[str, str]:
    return dict(duckdb.sql(f"select column_name, column_type from (describe select * from read_parquet('{path}'))")
                .fetchall())


def _row(schema: pl.Schema) -> dict[str, object]:
    """One row with a value in every column."""
    values = {pl.String: "湖北省", pl.Int64: 7, pl.Float64: 4.5519e12, pl.Boolean: True, pl.List(pl.String): ["湖北省"]}
    return {name: AT if isinstance(dtype, pl.Datetime) else values[dtype] for name, dtype in schema.items()}


@pytest.mark.parametrize("name", EXPECTED)
def test_state_files_have_the_columns_dbt_reads(tmp_path: Path, name: str) -> None:
    schema, columns = EXPECTED[name]
    empty, full = tmp_path / "empty.parquet", tmp_path / "full.parquet"
    state.write_table(empty, [], schema)
    state.write_table(full, [_row(schema)], schema)
    assert _columns(empty) == columns  # the placeholder types the folder before any document
    assert _columns(full) == columns
    row = duckdb.sql(f"select * from read_parquet('{full}')").fetchone()
    for (column, duck_type), value in zip(columns.items(), row):
        if duck_type == TS:
            assert value == AT  # the same instant, whatever zone DuckDB shows it in
    # timestamps as Parquet's UTC-adjusted microseconds, what the staging models were written for
    kinds = duckdb.sql(f"select logical_type from parquet_schema('{full}') where logical_type like 'Timestamp%'")
    assert all("isAdjustedToUTC=1" in k and "MICROS=MicroSeconds()" in k for (k,) in kinds.fetchall())


def test_a_value_of_the_wrong_type_is_refused_not_nulled(tmp_path: Path) -> None:
    path = tmp_path / "figures.parquet"
    with pytest.raises(pl.exceptions.PolarsError):
        state.write_table(path, [{"doc_id": "d", "start": "twelve"}], state.FIGURE_SCHEMA)
    assert not list(tmp_path.iterdir())  # nothing written, no temporary file left


def test_rows_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "documents.parquet"
    row = _row(state.DOCUMENT_SCHEMA)
    state.write_table(path, [row, {"doc_id": "only an id"}], state.DOCUMENT_SCHEMA)
    first, second = state.read_rows(path)
    assert first == row
    assert second == {**dict.fromkeys(state.DOCUMENT_SCHEMA), "doc_id": "only an id"}


def test_ensure_state_keeps_current_placeholders_and_rewrites_old_ones(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    state.ensure_state(settings)
    current = settings.documents_dir / state.PLACEHOLDER
    old = settings.figures_dir / state.PLACEHOLDER
    state.write_table(old, [], pl.Schema({"doc_id": pl.String}))  # from before the other columns
    stamp = current.stat().st_mtime_ns
    state.ensure_state(settings)
    assert current.stat().st_mtime_ns == stamp
    assert pl.read_parquet_schema(old) == state.FIGURE_SCHEMA

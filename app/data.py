"""The one module that reads the warehouse and the pipeline's state for the app.

Only the published file is opened, read-only. Every cached query is keyed by the
published file's identity (inode + mtime), so a new publish shows up on the next
rerun without a restart, and the build file is never touched. Settings are read on
each call (not at import), so tests and the bench can point the app at another home.
"""

from __future__ import annotations

import io
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import polars.selectors as cs
import streamlit as st
from openpyxl import Workbook

from app import queries
from zonestats import corrections, users
from zonestats.intake import content_id, write_to_inbox
from zonestats.settings import Settings, get_settings
from zonestats.validation.holds import held_documents
from zonestats.warehouse import read_status

# The SQL console's connection: its own in-memory database with the warehouse attached
# read-only (see _attached), then locked so it cannot touch files (read_csv, COPY,
# ATTACH, EXPORT), install or load extensions, or change any setting back.
CONSOLE_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "memory_limit": "2GB",
}
CONSOLE_LOCKS = ("set enable_external_access = false", "set lock_configuration = true")
CONSOLE_MAX_ROWS = 10_000
CONSOLE_TIMEOUT_S = 10.0

# A statement's closing `;` (and comments after it) would break the LIMIT wrapper.
_TRAILING_SEMICOLON = re.compile(r";\s*(--[^\n]*\s*)*$")
# doc_ids are hex content hashes, or file stems for the gold samples; anything else
# (a path, "..") is refused before it reaches the file system.
_DOC_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def settings() -> Settings:
    return get_settings()


def warehouse_version() -> str | None:
    """Identity of the currently published file; None before the first publish."""
    return _file_version(settings().published_db)


# One read-only connection per published file version, shared by all sessions: opening
# a DuckDB file costs more than most page queries. Only the two newest versions stay
# open, so queries in flight on the previous one can finish.
_CONNECTIONS: dict[tuple[str, str], duckdb.DuckDBPyConnection] = {}
_CONNECTIONS_LOCK = threading.Lock()


def _file_version(db: Path) -> str | None:
    try:
        stat = os.stat(db)
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}"


def _attached(db: Path, config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory database with ``db`` attached read-only as its default catalog.

    Attached rather than opened: ``duckdb.connect(path)`` hands back the process's
    cached instance for that path while any connection to it is open — after an atomic
    replace, still the old file — and refuses a second configuration for the same path.
    """
    con = duckdb.connect(":memory:", config=config or {})
    con.execute(f"attach '{_quoted(db)}' as warehouse (read_only)")
    con.execute("use warehouse")
    return con


def _cursor(db: Path, version: str) -> duckdb.DuckDBPyConnection:
    key = (str(db), version)
    with _CONNECTIONS_LOCK:
        con = _CONNECTIONS.get(key)
        if con is None:
            con = _CONNECTIONS[key] = _attached(db)
            for stale in list(_CONNECTIONS)[:-2]:
                _CONNECTIONS.pop(stale).close()
        cursor = con.cursor()  # a cursor per query: safe across Streamlit's threads
    cursor.execute("use warehouse")  # the default catalog is per connection
    return cursor


def frame_of(result: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """An executed statement's rows as a polars frame: the one place the app converts.

    Through Arrow, which polars takes over without copying most columns; DuckDB's own
    ``.pl()`` does the same today, ``to_arrow_table`` is the name DuckDB keeps.
    """
    return pl.DataFrame(result.to_arrow_table())


def run_query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> pl.DataFrame:
    """Run one statement on a warehouse file, uncached (the bench times this)."""
    version = _file_version(db)
    if version is None:
        return pl.DataFrame()
    with _cursor(db, version) as cursor:
        return frame_of(cursor.execute(sql, list(params)))


@st.cache_data(show_spinner=False, max_entries=512)
def _query(db: str, sql: str, params: tuple[Any, ...], version: str) -> pl.DataFrame:
    return run_query(Path(db), sql, params)


def query(sql: str, params: tuple[Any, ...] = ()) -> pl.DataFrame:
    """Run a read-only query against the published warehouse (cached per publish)."""
    version = warehouse_version()
    if version is None:
        return pl.DataFrame()
    return _query(str(settings().published_db), sql, params, version)


def tables() -> set[str]:
    """Names of the tables in the published warehouse (empty before the first publish)."""
    frame = query(queries.TABLES)
    return set(frame["table_name"]) if not frame.is_empty() else set()


def has(*names: str) -> bool:
    return set(names) <= tables()


def publish_status() -> dict[str, Any]:
    return read_status(settings())


def validation_summary() -> dict[str, Any] | None:
    if not has("validation_results"):
        return None
    frame = query(queries.VALIDATION_SUMMARY)
    if frame.is_empty() or frame.item(0, "validated_at") is None:
        return None
    return frame.row(0, named=True)


# -- documents ---------------------------------------------------------------------------
def document_text(doc_id: str) -> str | None:
    """The decoded text a document's figure offsets refer to, or None."""
    if not _DOC_ID.match(doc_id):
        return None
    path = settings().texts_dir / f"{doc_id}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def held_back() -> pl.DataFrame:
    """Documents validation held back, newest first: the failing expectations and the
    offending figures (from the pipeline's state: a hold takes effect with the build
    that made it, and the published file shows them as status 'held')."""
    schema = pl.Schema({"file_name": pl.String, "doc_id": pl.String, "held_at": pl.Datetime("us", "UTC"),
                        "reason": pl.String, "figures": pl.String})
    rows = [
        {**{c: d[c] for c in schema}, "figures": "; ".join(f"{f.get('text')} = {f.get('value')} @{f.get('start')}"
                                                           for f in d["figures"])}
        for d in held_documents(settings())
    ]
    return pl.DataFrame(rows, schema=schema)


def data_docs_index() -> Path | None:
    index = settings().data_docs_dir / "index.html"
    return index if index.is_file() else None


# -- exports ---------------------------------------------------------------------------
EXCEL_MAX_ROWS = 1_048_575  # a worksheet's row limit, less the header; CSV/Parquet have all

EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv", "csv"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "excel": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def export_bytes(frame: pl.DataFrame, fmt: str) -> bytes:
    """A table as CSV (UTF-8 with BOM, so Excel reads the Chinese), Parquet or Excel."""
    buffer = io.BytesIO()
    if fmt == "csv":
        _flat(frame).write_csv(buffer, include_bom=True)
    elif fmt == "parquet":
        frame.write_parquet(buffer)
    elif fmt == "excel":
        plain = _flat(frame.head(EXCEL_MAX_ROWS)).with_columns(
            cs.datetime(time_zone="*").dt.replace_time_zone(None))  # Excel has no time zones
        _write_xlsx(plain, buffer)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return buffer.getvalue()


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested cells as text (a document's regions joined with 、), which CSV and Excel need."""
    return frame.with_columns(
        cs.by_dtype(pl.List).list.eval(pl.element().cast(pl.String)).list.join("、"),
        cs.struct().struct.json_encode(),
    )


def _write_xlsx(frame: pl.DataFrame, buffer: io.BytesIO) -> None:
    """One worksheet through openpyxl, row by row in its write-only mode.

    polars' own ``write_excel`` needs xlsxwriter, which is not in the locked set;
    openpyxl is (the XLSX decoder reads with it).
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(row)
    book.save(buffer)


# -- the SQL console ---------------------------------------------------------------------
class Refused(Exception):
    """A console statement that is not allowed (more than one, or not a query)."""


@dataclass(frozen=True)
class ConsoleResult:
    frame: pl.DataFrame
    truncated: bool
    seconds: float


def run_console(sql: str, max_rows: int = CONSOLE_MAX_ROWS, timeout_s: float = CONSOLE_TIMEOUT_S) -> ConsoleResult:
    """Run one analyst query on the published warehouse (see :func:`run_console_on`)."""
    return run_console_on(settings().published_db, sql, max_rows, timeout_s)


def run_console_on(db: Path, sql: str, max_rows: int = CONSOLE_MAX_ROWS,
                   timeout_s: float = CONSOLE_TIMEOUT_S) -> ConsoleResult:
    """Run one analyst query on a locked-down, read-only connection to ``db``.

    Two layers: only a single SELECT statement is accepted (checked with DuckDB's own
    parser, not a regex), and the connection itself refuses file access, ATTACH,
    extensions and settings changes, so a SELECT calling ``read_csv('/etc/passwd')``
    fails too. The query runs wrapped in a LIMIT and is interrupted after ``timeout_s``.
    A fresh connection per query, so nothing (temp tables, variables) outlives it.
    """
    if not db.exists():
        raise Refused("no published warehouse")
    with _attached(db, CONSOLE_CONFIG) as con:
        for lock in CONSOLE_LOCKS:
            con.execute(lock)
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as err:
            raise Refused(str(err).splitlines()[0]) from err
        if len(statements) != 1:
            raise Refused(f"exactly one statement is allowed, got {len(statements)}")
        statement = statements[0]
        if statement.type != duckdb.StatementType.SELECT:
            raise Refused(f"only queries (SELECT) are allowed, not {statement.type.name}")
        body = _TRAILING_SEMICOLON.sub("", statement.query.strip())
        # The newlines keep a trailing `-- comment` from swallowing the wrapper.
        wrapped = f"select * from (\n{body}\n) limit {int(max_rows) + 1}"
        timer = threading.Timer(timeout_s, con.interrupt)
        started = time.perf_counter()
        timer.start()
        try:
            frame = frame_of(con.execute(wrapped))
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
    truncated = len(frame) > max_rows
    return ConsoleResult(frame.head(max_rows), truncated, seconds)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def example_queries() -> dict[str, str]:
    """The example queries shipped in docs/queries/*.sql, by file stem."""
    folder = Path(__file__).resolve().parent.parent / "docs" / "queries"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.sql"))}


# -- uploads -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Upload:
    name: str  # the name it got in the inbox
    doc_id: str


def add_upload(name: str, data: bytes, by: str) -> Upload:
    """Drop an uploaded file into the inbox (atomically; the sensor takes it from there),
    noting who uploaded it."""
    path = write_to_inbox(settings(), name, data)
    upload = Upload(path.name, content_id(data))
    users.audit(settings(), by, "upload", {"file_name": upload.name, "doc_id": upload.doc_id})
    return upload


@dataclass(frozen=True)
class Progress:
    stage: str  # waiting, stored, decoded, extracted, published, quarantined
    detail: str = ""  # the figure count once published, the reason if quarantined


def upload_progress(uploads: list[Upload]) -> dict[str, Progress]:
    """Where each upload is in the pipeline, from the state files and the published warehouse."""
    s = settings()
    published = {}
    if uploads and has("dim_documents", "fct_figures"):
        frame = query(queries.PUBLISHED_DOCUMENTS, ([u.doc_id for u in uploads],))
        published = {r["doc_id"]: r for r in frame.iter_rows(named=True)}
    progress = {}
    for upload in uploads:
        doc_id = upload.doc_id
        quarantined = s.quarantine_dir / f"{doc_id}.parquet"
        if doc_id in published and published[doc_id]["status"] == "quarantined" or quarantined.exists():
            progress[doc_id] = Progress("quarantined", _quarantine_reason(quarantined))
        elif doc_id in published:
            progress[doc_id] = Progress("published", str(int(published[doc_id]["figures"])))
        elif (s.figures_dir / f"{doc_id}.parquet").exists():
            progress[doc_id] = Progress("extracted")
        elif (s.texts_dir / f"{doc_id}.txt").exists():
            progress[doc_id] = Progress("decoded")
        elif any(s.raw_dir.glob(f"{doc_id}*")) or (s.inbox / upload.name).exists():
            progress[doc_id] = Progress("stored")
        else:
            progress[doc_id] = Progress("waiting")
    return progress


def _quarantine_reason(path: Path) -> str:
    try:
        rows = pl.read_parquet(path, columns=["stage", "reason"]).to_dicts()
    except (OSError, pl.exceptions.PolarsError):
        return ""
    return f"{rows[0]['stage']}: {rows[0]['reason']}" if rows else ""


# -- corrections (app/views/review.py) -------------------------------------------------------
def columns_of(table: str) -> set[str]:
    frame = query(queries.COLUMNS_OF, (table,))
    return set(frame["column_name"]) if not frame.is_empty() else set()


def record_correction(action: str, doc_id: str, content_hash: str, start: int | None, end: int | None,
                      author: str, reason: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write one correction file (zonestats.corrections); the pipeline publishes it.
    Raises :class:`zonestats.corrections.InvalidCorrection` with the reason."""
    anchor = corrections.text_anchor(settings(), doc_id, content_hash, start, end)
    return corrections.record(settings(), action, anchor, author, reason, values)


def pending_corrections(doc_id: str) -> list[dict[str, Any]]:
    """Corrections of a document recorded but not in the published warehouse yet."""
    published = set(query(queries.CORRECTION_IDS)["correction_id"]) if has("corrections") else set()
    return [r for r in corrections.read_all(settings()) if r["doc_id"] == doc_id and r["correction_id"] not in published]

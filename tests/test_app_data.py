"""app.data and app.highlight without a browser: the SQL console's locks, exports, rendering."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
from datetime import datetime, timezone

import duckdb
import pandas as pd
import polars as pl
import pytest

from app import data, queries
from app.highlight import render_document
from tests.app_fixture import DOCS, FIGURES, app_home, built_home, span  # noqa: F401
from zonestats.settings import Settings

pytestmark = pytest.mark.slow  # the session's fixture warehouse is built by dbt


def test_console_runs_one_query_with_a_row_limit(app_home: Settings) -> None:
    result = data.run_console("select * from fct_figures order by \"start\" -- all of them", max_rows=5)
    assert len(result.frame) == 5 and result.truncated
    whole = data.run_console("select count(*) as n from fct_figures;")
    assert whole.frame["n"].to_list() == [len(FIGURES)] and not whole.truncated


@pytest.mark.parametrize("sql", [
    "copy fct_figures to '{out}'",
    "attach '{out}' as other",
    "install httpfs",
    "load httpfs",
    "set threads = 1",
    "pragma threads = 1",
    "create table x as select 1",
    "select 1; select 2",
    "",
])
def test_console_refuses_anything_but_one_query(app_home: Settings, sql: str) -> None:
    out = app_home.home / "escaped"
    with pytest.raises(data.Refused):
        data.run_console(sql.format(out=out))
    assert not out.exists()


@pytest.mark.parametrize("sql", [
    "select * from read_csv('/etc/passwd')",
    "select * from read_text('/etc/passwd')",
    "select * from glob('/etc/*')",
    "select * from read_text('{text}')",  # even a file the app itself reads
])
def test_console_connection_cannot_read_files(app_home: Settings, sql: str) -> None:
    """A SELECT passes the statement check, so the connection itself must refuse files."""
    with pytest.raises(duckdb.PermissionException):
        data.run_console(sql.format(text=app_home.texts_dir / f"{DOCS['hubei'].doc_id}.txt"))


def test_console_interrupts_a_long_query(app_home: Settings) -> None:
    with pytest.raises(duckdb.InterruptException):
        data.run_console("select count(*) from range(1000000000000) as a", timeout_s=0.2)


def test_query_results_are_polars_frames_with_the_warehouse_types(app_home: Settings) -> None:
    documents = data.query(queries.DOCUMENTS)
    assert isinstance(documents, pl.DataFrame) and documents.height == len(DOCS) + 1  # and the quarantined one
    assert documents.schema["regions"] == pl.List(pl.String)  # a list per document, not a string
    assert documents.schema["added_at"].time_zone is not None  # an instant, as the warehouse holds it
    assert isinstance(data.run_console("select 1 as n").frame, pl.DataFrame)
    assert data.run_query(app_home.home / "no such file.duckdb", "select 1").is_empty()


def test_exports_round_trip() -> None:
    frame = pl.DataFrame({"region": ["湖北省", "河南省"], "value": [4.5519e12, 3e12],
                          "at": [datetime(2024, 5, 1, tzinfo=timezone.utc), datetime(2024, 5, 2, tzinfo=timezone.utc)],
                          "regions": [["湖北省", "武汉市"], None]})
    # read back with other tools than the writer's (pandas, openpyxl), as a user's spreadsheet would
    csv = pd.read_csv(io.BytesIO(data.export_bytes(frame, "csv")), encoding="utf-8-sig")
    parquet = pd.read_parquet(io.BytesIO(data.export_bytes(frame, "parquet")))
    excel = pd.read_excel(io.BytesIO(data.export_bytes(frame, "excel")))
    for back in (csv, parquet, excel):
        assert back["region"].tolist() == ["湖北省", "河南省"] and back["value"].tolist() == [4.5519e12, 3e12]
    for back in (csv, excel):  # a list as one cell of text
        assert back["regions"].iloc[0] == "湖北省、武汉市" and pd.isna(back["regions"].iloc[1])
    assert excel["at"].tolist() == [pd.Timestamp("2024-05-01"), pd.Timestamp("2024-05-02")]  # Excel has no zones
    assert list(parquet["regions"].iloc[0]) == ["湖北省", "武汉市"]


def test_document_text_refuses_paths(app_home: Settings) -> None:
    assert data.document_text(DOCS["hubei"].doc_id) == DOCS["hubei"].text
    assert data.document_text("../../etc/passwd") is None
    assert data.document_text("nonexistent") is None


def test_render_escapes_text_and_records_and_keeps_all_text() -> None:
    text = '<b>x</b>共有"开发区"21家<script>y</script>，增长5%。'
    start = text.index("21家")
    figures = [
        {"start": start, "end": start + 3, "text": "21家", "kind": "actual", "subject": "<img onerror=z>"},
        {"start": start + 1, "end": start + 2, "kind": "actual"},  # overlaps: left unmarked
        {"start": len(text) - 3, "end": len(text) + 5, "kind": "actual"},  # past the end: left unmarked
        {"start": text.index("5%"), "end": text.index("5%") + 2, "kind": '"><script>', "text": "5%"},
    ]
    rendered = render_document(text, figures, selected=start)
    body = rendered.split("</style>", 1)[1].lstrip("\n")
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;img onerror=z&gt;" in body and "zs-&quot;&gt;&lt;script&gt;" in body
    assert body.count('class="zs-fig') == 2 and body.count('id="zs-selected"') == 1
    # the text survives whole: strip the records and tags, unescape, compare
    visible = re.sub(r'<span class="zs-rec">.*?</span>', "", body, flags=re.S)
    assert html.unescape(re.sub(r"<[^>]+>", "", visible)) == text


def test_a_new_publish_is_read_without_restart(app_home: Settings) -> None:
    """Queries are cached per published file; an atomically replaced file is read at once."""
    count = "select count(*) as n from fct_figures"
    assert data.query(count).item(0, "n") == len(FIGURES)
    staged = app_home.warehouse_dir / "staged.duckdb"
    shutil.copyfile(app_home.published_db, staged)
    with duckdb.connect(str(staged)) as con:
        con.execute("delete from fct_figures where doc_id = ?", [DOCS["henan"].doc_id])
    os.replace(staged, app_home.published_db)
    assert data.query(count).item(0, "n") == len(FIGURES) - sum(key == "henan" for key, _, _ in FIGURES)


def test_latest_level_chart_shows_each_regions_latest_actual_with_its_source(app_home: Settings) -> None:
    """The Provinces chart / tile map statement: one bar per region, its figure as written and its span."""
    chart = data.query(queries.LATEST_BY_REGION, ("revenue", "all_zones"))
    assert chart["region"].to_list() == ["江苏省", "湖北省", "河南省"]  # highest first
    bars = {row["region"]: row for row in chart.iter_rows(named=True)}
    # 湖北's 2025 target (80000亿元) is later, but a target is not a level reached
    for region, key, written, year in (("湖北省", "hubei", "45519亿元", 2020), ("河南省", "henan", "30000億元", 2021)):
        bar = bars[region]
        assert (bar["text"], bar["as_of_year"], bar["doc_id"], bar["start"], bar["end"]) == (
            written, year, DOCS[key].doc_id, *span(key, written))
        assert DOCS[key].text[bar["start"]:bar["end"]] == written
    assert bars["湖北省"]["value"] == 45519 and set(chart["display_unit"]) == {"亿元"}
    # "实际使用外资12.5亿美元。" names no zones: the whole economy's FDI, never a bar among zones' FDI
    assert data.query(queries.LATEST_BY_REGION, ("fdi", "all_zones")).is_empty()
    assert data.query(queries.LATEST_BY_REGION, ("fdi", "economy"))["text"].to_list() == ["12.5亿美元"]


def test_figures_page_fetches_one_row_more_than_it_shows(app_home: Settings) -> None:
    """The extra row says "more"; only the unfiltered page has an exact count; rows in table order."""
    in_table_order = data.query('select figure_id, region from fct_figures order by rowid')
    page = queries.figures_page({}, "", limit=5)
    assert data.query(*page.total).item(0, "n") == len(FIGURES)
    assert data.query(*page.rows)["figure_id"].to_list() == in_table_order["figure_id"].to_list()[:6]

    hubei = queries.figures_page({"region": ["湖北省"]}, "", limit=3)
    assert hubei.total is None and hubei.statements() == [hubei.rows]
    expected = in_table_order.filter(pl.col("region") == "湖北省")["figure_id"].to_list()
    assert len(expected) > 4 and data.query(*hubei.rows)["figure_id"].to_list() == expected[:4]

    searched = queries.figures_page({"region": ["湖北省"]}, "外资", limit=3)
    found = data.query(*searched.rows)
    assert found["text"].to_list() == ["12.5亿美元"]
    assert (found.item(0, "doc_id"), found.item(0, "start"), found.item(0, "end")) == (
        DOCS["hubei"].doc_id, *span("hubei", "12.5亿美元"))

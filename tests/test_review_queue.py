"""The Review page's queue order, on a warehouse with and without the columns other work adds."""

from __future__ import annotations

import duckdb

from app.queries import review_queue

FIGURES = [  # figure_id, doc_id, start, origin, confidence, indicator
    ("sure", "d1", 0, "extracted", 0.99, "gdp"),
    ("unsure", "d1", 10, "extracted", 0.40, "gdp"),
    ("unmapped", "d1", 20, "extracted", 0.95, None),
    ("conflict", "d1", 30, "extracted", 0.97, "gdp"),
    ("corrected", "d1", 40, "corrected", 0.10, None),
    ("reviewed_doc", "d2", 0, "extracted", 0.10, None),
]


def warehouse(with_new_columns: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    extra = ", confidence double, indicator varchar" if with_new_columns else ""
    con.execute(f"""create table fct_figures (figure_id varchar, doc_id varchar, "start" bigint, "end" bigint,
                    "text" varchar, sentence varchar, "value" double, value_high double, unit varchar,
                    metric varchar, measure varchar, region varchar, area varchar, subject varchar,
                    period varchar, kind varchar, qualifier varchar, origin varchar{extra})""")
    for figure_id, doc_id, start, origin, confidence, indicator in FIGURES:
        values = [figure_id, doc_id, start, start + 2, origin] + ([confidence, indicator] if with_new_columns else [])
        columns = 'figure_id, doc_id, "start", "end", origin' + (", confidence, indicator" if with_new_columns else "")
        con.execute(f"insert into fct_figures ({columns}) values ({', '.join('?' * len(values))})", values)
    con.execute("create table dim_documents as select * from (values ('d1', 'd1'), ('d2', 'd2')) t(doc_id, content_hash)")
    con.execute("create table corrections as select 'd2' as doc_id, 'reviewed' as action, 'applied' as status")
    con.execute("create table cmp_conflicts as select 'conflict' as figure_id_a")
    return con


def queue(con: duckdb.DuckDBPyConnection, doc_id: str | None = None) -> list[str]:
    columns = {name for (name,) in con.execute(
        "select column_name from duckdb_columns() where table_name = 'fct_figures'").fetchall()}
    sql, params = review_queue(columns, True, doc_id)
    return [row[0] for row in con.execute(sql, list(params)).fetchall()]


def test_conflicts_unmapped_and_least_confident_first() -> None:
    assert queue(warehouse(True)) == ["conflict", "unmapped", "unsure", "sure"]


def test_without_confidence_or_indicator_in_text_order() -> None:
    # corrected figures and documents marked reviewed are done; the rest in text order
    assert queue(warehouse(False)) == ["conflict", "sure", "unsure", "unmapped"]


def test_one_document() -> None:
    assert queue(warehouse(False), "d2") == []

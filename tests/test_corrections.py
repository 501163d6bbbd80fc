"""Corrections end to end: recorded from the CLI, built by dbt on top of the extracted
records, validated and published; they survive re-extraction and full refreshes, are
orphaned when their document changes, and export as gold that `zonestats eval` reads.

One module-scoped installation with two sample documents, driven like an operator
would: `zonestats correct …` (typer's runner, in process), then `refresh_now` as
`zonestats refresh` does. The tests run in order and build on each other's corrections.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from extract.evaluate import evaluate_folder
from orchestration.dbt_build import forget_full_build
from orchestration.inbox_runs import plan_run
from orchestration.runner import refresh_now
from tests.build_contents import build_contents
from tests.conftest import SAMPLES, make_home
from zonestats import corrections
from zonestats.cli import app as cli
from zonestats.cli import prepare_dbt
from zonestats.intake import content_id
from zonestats.settings import Settings
from zonestats.state import FIGURE_SCHEMA, write_table

pytestmark = pytest.mark.slow

HUBEI = SAMPLES / "000_d1c28d201404847c.txt"
OTHER = SAMPLES / "001_603f268b47e9e105.txt"
DOC = content_id(HUBEI.read_bytes())
runner = CliRunner()


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("home"))
    for sample in (HUBEI, OTHER):
        shutil.copyfile(sample, home.inbox / sample.name)
    prepare_dbt()
    instance = dg.DagsterInstance.ephemeral()
    assert refresh_now(home, instance).success
    return home, instance, {}


def published(home: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def figure(home: Settings, text: str) -> tuple:
    rows = published(home, """select figure_id, "start", "end", metric, origin, corrected_by, correction_reason
                              from fct_figures where doc_id = ? and "text" = ? order by "start" """, [DOC, text])
    assert rows, text
    return rows[0]


def cli_ok(*args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def refresh(home: Settings, instance: dg.DagsterInstance, full: bool = False) -> None:
    assert refresh_now(home, instance, full=full).success


def test_every_figure_starts_extracted(pipeline) -> None:
    home, _, _ = pipeline
    assert published(home, "select distinct origin from fct_figures") == [("extracted",)]
    assert published(home, "select count(*) from corrections") == [(0,)]


def test_set_from_the_shell_is_published_with_author_and_reason(pipeline) -> None:
    home, instance, chosen = pipeline
    figure_id, *_ = figure(home, "103家")
    chosen["set"] = figure_id
    cli_ok("correct", figure_id, "--set", "metric=other", "--reason", "test", "--by", "analyst1")

    # the stream worker plans for the correction as for a document: a new listing
    assert plan_run(home, instance).job_name == "rebuild"

    refresh(home, instance)
    _, _, _, metric, origin, by, reason = figure(home, "103家")
    assert (metric, origin, by, reason) == ("other", "corrected", "analyst1", "test")
    assert published(home, "select action, author, reason, status, figure_id from corrections") == [
        ("set", "analyst1", "test", "applied", figure_id)]
    # the other figures are as extracted
    assert published(home, "select count(*) from fct_figures where origin <> 'extracted'") == [(1,)]


def test_reject_removes_the_figure_and_keeps_the_history(pipeline) -> None:
    home, instance, chosen = pipeline
    figure_id, *_ = figure(home, "19家")
    chosen["reject"] = figure_id
    before = published(home, "select count(*) from fct_figures where doc_id = ?", [DOC])[0][0]
    cli_ok("correct", "--reject", figure_id, "--reason", "not a figure", "--by", "analyst2")
    refresh(home, instance)
    assert published(home, "select count(*) from fct_figures where figure_id = ?", [figure_id]) == [(0,)]
    assert published(home, "select count(*) from fct_figures where doc_id = ?", [DOC])[0][0] == before - 1
    assert published(home, "select status from corrections where action = 'reject'") == [("applied",)]


def test_add_a_missed_figure_on_a_span(pipeline) -> None:
    home, instance, chosen = pipeline
    text = (home.texts_dir / f"{DOC}.txt").read_text(encoding="utf-8")
    spans = published(home, 'select "start", "end" from fct_figures where doc_id = ?', [DOC])
    # the first run of digits no figure covers (a year, say): the extractor's "miss"
    start, end = next((m.start(), m.end()) for m in re.finditer(r"\d+", text)
                      if not any(s < m.end() and m.start() < e for s, e in spans))
    chosen["add"] = (start, end)
    cli_ok("correct", "--add", f"{DOC}:{start}:{end}", "--set", f"value={text[start:end]}", "--set", "unit=count",
           "--set", "metric=other", "--set", "measure=level", "--set", "subject=测试", "--set", "kind=actual",
           "--set", "qualifier=exact", "--set", "region=湖北省", "--reason", "missed", "--by", "analyst1")
    refresh(home, instance)
    rows = published(home, """select "text", "value", origin, corrected_by, figure_id, sentence is not null
                              from fct_figures where doc_id = ? and "start" = ? and "end" = ?""", [DOC, start, end])
    assert rows == [(text[start:end], float(text[start:end]), "added", "analyst1",
                     corrections.Anchor(DOC, DOC, start, end).figure_id, True)]


def contents(home: Settings) -> dict[str, list[str]]:
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        return build_contents(con) | {"corrections": sorted(map(repr, con.execute("select * from corrections").fetchall()))}


def test_incremental_builds_with_corrections_hold_what_a_full_build_holds(pipeline) -> None:
    home, instance, _ = pipeline
    incremental = contents(home)
    forget_full_build(home)  # the next build is a full one (dbt --full-refresh), from the same state
    refresh(home, instance)
    full = contents(home)
    for name in incremental:
        assert incremental[name] == full[name], name


def state(home: Settings) -> set[tuple]:
    return set(published(home, """select figure_id, metric, origin, corrected_by from fct_figures
                                  where origin <> 'extracted'"""))


def test_corrections_survive_re_extraction_and_a_full_refresh(pipeline) -> None:
    home, instance, chosen = pipeline
    expected = state(home)
    assert len(expected) == 2  # the corrected and the added figure
    # a re-extraction (a new extractor version writes the document's figures again)
    figures_file = home.figures_dir / f"{DOC}.parquet"
    rows = [{**r, "extracted_at": datetime.now(timezone.utc)} for r in pq.read_table(figures_file).to_pylist()]
    write_table(figures_file, rows, FIGURE_SCHEMA)
    refresh(home, instance)
    assert state(home) == expected
    assert published(home, "select count(*) from fct_figures where figure_id = ?", [chosen["reject"]]) == [(0,)]
    # `zonestats refresh --full`: every document decoded and extracted again, dbt from scratch
    refresh(home, instance, full=True)
    assert state(home) == expected
    assert published(home, "select count(*) from fct_figures where figure_id = ?", [chosen["reject"]]) == [(0,)]
    assert published(home, "select count(*) from corrections where status = 'applied'") == [(3,)]


def test_bad_corrections_are_refused_and_not_written(pipeline) -> None:
    home, _, chosen = pipeline
    written = sorted(home.corrections_dir.iterdir())
    for args in (["correct", chosen["set"], "--set", "metric=gold", "--reason", "x", "--by", "a"],
                 ["correct", chosen["set"], "--set", "doc_id=x", "--reason", "x", "--by", "a"],
                 ["correct", chosen["set"], "--set", "period=soon", "--reason", "x", "--by", "a"],
                 ["correct", chosen["set"], "--set", "value=lots", "--reason", "x", "--by", "a"],
                 ["correct", "no-such-figure", "--set", "metric=other", "--reason", "x", "--by", "a"],
                 ["correct", chosen["set"], "--set", "metric=other", "--reason", " ", "--by", "a"],
                 ["correct", "--add", f"{DOC}:5:3", "--set", "value=1", "--reason", "x", "--by", "a"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
    assert sorted(home.corrections_dir.iterdir()) == written


def test_reviewed_documents_export_as_gold_that_eval_scores(pipeline, tmp_path: Path) -> None:
    home, instance, chosen = pipeline
    cli_ok("correct", "--reviewed", DOC, "--reason", "checked", "--by", "analyst1")
    refresh(home, instance)
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    output = cli_ok("corrections", "export", "--gold", str(gold), "--docs", str(docs))
    assert "1 reviewed documents exported" in output
    assert [p.name for p in gold.iterdir()] == [f"{DOC}.jsonl"]  # only the reviewed document
    records = [json.loads(line) for line in (gold / f"{DOC}.jsonl").read_text(encoding="utf-8").splitlines()]
    n = published(home, "select count(*) from fct_figures where doc_id = ?", [DOC])[0][0]
    assert len(records) == n
    assert set(records[0]) == set(corrections.GOLD_FIELDS)
    by_span = {(r["start"], r["end"]): r for r in records}
    assert by_span[chosen["add"]]["metric"] == "other"

    report = evaluate_folder(docs, gold)
    # the extractor reads the document as before: it misses the added figure, finds the
    # rejected one, and the corrected one differs in its metric
    assert report.span.gold == n and report.span.predicted == n
    assert report.span.true_positive == n - 1
    assert [(m["start"], m["end"]) for m in report.misses] == [chosen["add"]]
    assert any("metric" in fields for _, _, fields in report.wrong_fields)


def test_a_changed_document_orphans_its_corrections(pipeline) -> None:
    home, instance, _ = pipeline
    path = home.inbox / HUBEI.name
    path.write_text(path.read_text(encoding="utf-8") + "\n（修订）", encoding="utf-8")
    refresh(home, instance)
    new_doc = content_id(path.read_bytes())
    orphaned = published(home, "select action, orphan_reason from corrections where status = 'orphaned'")
    assert sorted(a for a, _ in orphaned) == ["add", "reject", "reviewed", "set"]  # nothing lost
    assert all(new_doc in why for _, why in orphaned)
    # and nothing applied silently to the new version
    assert published(home, "select distinct origin from fct_figures where doc_id = ?", [new_doc]) == [("extracted",)]
    listed = [json.loads(line) for line in cli_ok("corrections", "list", "--orphaned", "--jsonl").splitlines()]
    assert sorted(r["action"] for r in listed) == ["add", "reject", "reviewed", "set"]
    assert {r["status"] for r in listed} == {"orphaned"}

"""Isolate, don't block: which documents explain a failed validation, and their holds.

Validation runs on hand-made build files (tests/test_validation.py's ``make_build``); the
holds are real files in a real state folder. The pipeline end to end is in
tests/test_isolation_e2e.py.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.test_validation import clean_figures, make_build
from zonestats.settings import Settings
from zonestats.state import DOCUMENT_SCHEMA, FIGURE_SCHEMA, INBOX_SCHEMA, ensure_state, write_table
from zonestats.validation import holds, run_suites
from zonestats.validation.runner import offences

pytestmark = pytest.mark.slow  # each test runs the Great Expectations suites: seconds each

BAD_ID = "d2"
BAD_DOCUMENT = "2007年，全区共有企业8.41家，开发区5家。"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path)
    ensure_state(settings)
    return settings


def _bad_figures(doc_id: str = BAD_ID, text: str = "8.41家", value: float = 8.41) -> list[dict[str, Any]]:
    start = BAD_DOCUMENT.index(text)
    return [{
        "doc_id": doc_id, "start": start, "end": start + len(text), "text": text, "value": value,
        "value_high": None, "unit": "count", "metric": "enterprise_count", "measure": "level", "region": None,
        "area": None, "subject": "企业", "period": "2007", "kind": "actual", "qualifier": "exact",
    }]


def _with_bad_document(settings: Settings, figures: list[dict[str, Any]]) -> None:
    """A build holding the clean document and ``figures`` of the bad one."""
    make_build(settings, clean_figures() + figures)
    (settings.texts_dir / f"{BAD_ID}.txt").write_text(BAD_DOCUMENT, encoding="utf-8")


def _state_files(settings: Settings, doc_id: str = BAD_ID, extractor_version: str = "1.0") -> None:
    """The document's state row and figures file, which a hold's key rests on, and its
    file in the inbox listing."""
    now = datetime.now(timezone.utc)
    listing = {"path": "2007年报告.txt", "doc_id": doc_id, "n_bytes": 10, "modified_at": now, "scanned_at": now}
    write_table(settings.intake_dir / "inbox.parquet", [listing], INBOX_SCHEMA)
    write_table(settings.documents_dir / f"{doc_id}.parquet", [{
        "doc_id": doc_id, "content_hash": doc_id * 8, "file_name": "2007年报告.txt", "format": "txt",
        "extractor_version": extractor_version, "ingested_at": now,
    }], DOCUMENT_SCHEMA)
    write_table(settings.figures_dir / f"{doc_id}.parquet",
                [{**f, "extracted_at": now} for f in _bad_figures(doc_id)], FIGURE_SCHEMA)


def test_a_count_that_is_not_whole_is_held_on_its_document_alone(settings: Settings) -> None:
    _with_bad_document(settings, _bad_figures())
    outcomes = run_suites(settings)
    assert not all(o.success for o in outcomes)

    [offence] = offences(outcomes)
    assert offence.doc_id == BAD_ID and offence.suite == "figures"
    assert offence.column_name == "value_is_whole"
    [row] = offence.rows
    assert row["text"] == "8.41家" and row["value"] == 8.41 and row["start"] == BAD_DOCUMENT.index("8.41家")
    assert "8.41家" in offence.reason and "value_is_whole" in offence.reason


def test_every_offending_row_is_named_not_only_the_examples(settings: Settings) -> None:
    # more offending rows than the results keep as examples (MAX_EXAMPLES)
    many = [{**_bad_figures()[0], "start": s, "end": s + 1, "text": BAD_DOCUMENT[s]} for s in range(15)]
    _with_bad_document(settings, many)
    found = offences(run_suites(settings))
    assert found is not None
    whole = [o for o in found if o.column_name == "value_is_whole"]
    assert [len(o.rows) for o in whole] == [15]


def test_a_failure_no_document_explains_is_not_isolated(settings: Settings) -> None:
    make_build(settings, skip=("cmp_targets",))  # a missing table: a broken model
    assert offences(run_suites(settings)) is None


def test_failures_of_every_document_are_not_isolated(settings: Settings) -> None:
    # a broken model or rule fails every document; holding them all would publish nothing
    figures = clean_figures()
    figures[0]["value"] = -3
    make_build(settings, figures + [{**f, "value": -8.0} for f in _bad_figures()])
    (settings.texts_dir / f"{BAD_ID}.txt").write_text(BAD_DOCUMENT, encoding="utf-8")
    outcomes = run_suites(settings)
    assert not all(o.success for o in outcomes)
    assert offences(outcomes) is None


def test_a_row_without_its_document_or_rows_gx_did_not_name_are_not_isolated() -> None:
    result = {"expectation": "expect_column_values_to_be_between", "column_name": "value", "unexpected_count": 2}
    named = ({"doc_id": "a", "start": 1}, {"doc_id": "b", "start": 2})
    assert [o.doc_id for o in holds.offences_of([("figures", result, named)], documents=3)] == ["a", "b"]
    assert holds.offences_of([("figures", result, ({"doc_id": None, "start": 1}, named[1]))], documents=3) is None
    assert holds.offences_of([("figures", result, named[:1])], documents=3) is None  # 2 unexpected, 1 named
    assert holds.offences_of([("figures", result, None)], documents=3) is None
    assert holds.offences_of([("figures", result, named)], documents=2) is None  # every document of the build


def test_a_hold_lists_its_reason_and_figures_and_stays_while_nothing_changed(settings: Settings) -> None:
    _state_files(settings)
    [offence] = holds.offences_of([(
        "figures",
        {"expectation": "expect_column_values_to_be_in_set", "column_name": "value_is_whole", "unexpected_count": 1},
        tuple(_bad_figures()),
    )], documents=2)
    assert holds.hold(settings, [offence]) == [BAD_ID]

    [held] = holds.held_documents(settings)
    assert held["doc_id"] == BAD_ID and held["file_name"] == "2007年报告.txt"
    assert "value_is_whole" in held["reason"] and "8.41家" in held["reason"]
    assert [(f["text"], f["value"]) for f in held["figures"]] == [("8.41家", 8.41)]
    assert holds.release_stale_holds(settings) == []
    assert [d["doc_id"] for d in holds.held_documents(settings)] == [BAD_ID]


def _held(settings: Settings) -> None:
    holds.hold(settings, [holds.Offence(BAD_ID, "figures", "expect_x", "value", tuple(_bad_figures()))])


def test_a_hold_is_released_when_the_figures_are_corrected(settings: Settings) -> None:
    _state_files(settings)
    _held(settings)
    write_table(settings.figures_dir / f"{BAD_ID}.parquet", [], FIGURE_SCHEMA)  # re-extracted: no bad figure
    assert holds.release_stale_holds(settings) == [BAD_ID]
    assert holds.held_documents(settings) == []


def test_a_hold_is_released_when_the_extractor_changes(settings: Settings) -> None:
    _state_files(settings)
    _held(settings)
    write_table(settings.documents_dir / f"{BAD_ID}.parquet", [{
        "doc_id": BAD_ID, "content_hash": BAD_ID * 8, "file_name": "2007年报告.txt", "extractor_version": "2.0",
    }], DOCUMENT_SCHEMA)
    assert holds.release_stale_holds(settings) == [BAD_ID]


def test_a_hold_is_released_when_the_rules_change(settings: Settings, tmp_path: Path, monkeypatch) -> None:
    rules = tmp_path / "suites.py"
    rules.write_text("rules, version 1", encoding="utf-8")
    monkeypatch.setattr(holds, "RULE_SOURCES", (rules,))
    _state_files(settings)
    _held(settings)
    assert holds.release_stale_holds(settings) == []
    rules.write_text("rules, version 2", encoding="utf-8")
    assert holds.release_stale_holds(settings) == [BAD_ID]


def test_a_hold_is_released_when_its_file_leaves_the_inbox(settings: Settings) -> None:
    _state_files(settings)
    _held(settings)
    assert holds.release_stale_holds(settings) == []
    write_table(settings.intake_dir / "inbox.parquet", [], INBOX_SCHEMA)  # the file was removed
    assert holds.release_stale_holds(settings) == [BAD_ID]


def test_the_rules_digest_covers_the_suites_and_what_they_check_against() -> None:
    names = {p.name for p in holds.RULE_SOURCES}
    assert {"suites.py", "provenance.py", "records.py", "regions.csv"} <= names
    assert all(p.exists() for p in holds.RULE_SOURCES)

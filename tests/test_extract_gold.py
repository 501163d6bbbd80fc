"""The extractor against the development set (data/samples + tests/gold): issue 3's bar."""

from __future__ import annotations

from pathlib import Path

from extract.evaluate import evaluate_folder

ROOT = Path(__file__).resolve().parents[1]


def test_dev_set_meets_the_quality_bar() -> None:
    report = evaluate_folder(ROOT / "data" / "samples", ROOT / "tests" / "gold")
    assert report.span.gold > 300  # the whole dev set was read
    assert report.span.f1 >= 0.98, f"span F1 {report.span.f1:.3f}"
    assert report.record.f1 >= 0.90, f"record F1 {report.record.f1:.3f}"

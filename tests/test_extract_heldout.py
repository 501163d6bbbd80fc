"""The extractor against the held-out set (tests/heldout): documents composed apart from the
samples — national, provincial, news, compilation, traditional-character and messy web
copy — to catch rules that only fit the five development samples.

The gold files are built from hand annotations by ``tests/heldout/build_gold.py``; the
first test keeps them in step with the annotations and the documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.evaluate import evaluate_folder, load_gold
from tests.heldout.build_gold import build

HELDOUT = Path(__file__).resolve().parent / "heldout"
# Documents written and annotated by hand *before* any rule was tuned on them (issue 14);
# their first-sight score is in docs/extraction.md. Scored in test_extract_gold.
FIRSTSIGHT = Path(__file__).resolve().parent / "firstsight"


@pytest.mark.parametrize(("base", "documents"), [(HELDOUT, 8), (FIRSTSIGHT, 12)], ids=["heldout", "firstsight"])
def test_gold_files_match_their_annotations(base: Path, documents: int) -> None:
    annotations = sorted((base / "ann").glob("*.txt"))
    assert len(annotations) >= documents
    for ann in annotations:
        built = json.loads(json.dumps(build(ann.stem, base)))  # same number types as the files
        assert load_gold(base / "gold" / f"{ann.stem}.jsonl") == built, ann.stem


def test_heldout_set_meets_the_quality_bar() -> None:
    report = evaluate_folder(HELDOUT / "docs", HELDOUT / "gold")
    assert report.span.gold > 450  # every held-out document was read
    assert report.span.f1 >= 0.97, f"span F1 {report.span.f1:.3f}"
    assert report.record.f1 >= 0.98, f"record F1 {report.record.f1:.3f}"

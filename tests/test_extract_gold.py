"""The extractor against the annotated sets: the development set (data/samples + tests/gold,
issue 3's bar), the challenge set (tests/challenge: short documents, one phenomenon each,
copied from the shared reference material) and the first-sight sets (tests/firstsight,
tests/firstsight2, tests/firstsight3, tests/firstsight4).

The goal for both is span F1 ≥ 0.98 and record F1 ≥ 0.90 (issue 14). The floors below are
what the extractor reaches today, so a regression fails; raise them as reading improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.evaluate import evaluate_folder

ROOT = Path(__file__).resolve().parents[1]

SETS = {
    # name: (docs, gold, at least this many gold figures, span F1 floor, record F1 floor)
    "dev": (ROOT / "data" / "samples", ROOT / "tests" / "gold", 300, 0.98, 0.91),
    "challenge": (ROOT / "tests" / "challenge" / "docs", ROOT / "tests" / "challenge" / "gold",
                  180, 0.98, 0.98),
    # written for issue 14 and annotated by hand before any rule looked at them (first
    # sight: span 1.000, record 0.436); tests/heldout/build_gold.py builds their gold.
    "firstsight": (ROOT / "tests" / "firstsight" / "docs", ROOT / "tests" / "firstsight" / "gold",
                   160, 0.98, 0.99),
    # batch 5, written and annotated by a colleague who never saw the code (first sight:
    # span 1.000, record 0.435); a development set since the rules it prompted.
    "firstsight2": (ROOT / "tests" / "firstsight2" / "docs", ROOT / "tests" / "firstsight2" / "gold",
                    147, 1.0, 1.0),
    # round 3 (tests/firstsight3), written and annotated by a colleague who never saw the
    # code; at first sight: batch A span 0.983, record 0.807; batch B span 0.997, record
    # 0.814 (tests/firstsight3/errors.md).
    "firstsight3": (ROOT / "tests" / "firstsight3" / "docs", ROOT / "tests" / "firstsight3" / "gold",
                    297, 1.0, 1.0),
    # round 4 (tests/firstsight4, notes.md), written the same way and scored at first sight
    # on the extractor that had learned rounds 1-3: span 0.991, record 0.943. No rule was
    # changed after it: the floors hold that first-sight reading, not a tuned one.
    "firstsight4": (ROOT / "tests" / "firstsight4" / "docs", ROOT / "tests" / "firstsight4" / "gold",
                    169, 0.99, 0.94),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_set_meets_its_quality_floor(name: str) -> None:
    docs, gold, figures, span_floor, record_floor = SETS[name]
    report = evaluate_folder(docs, gold)
    assert report.span.gold >= figures  # the whole set was read
    assert report.span.f1 >= span_floor, f"{name} span F1 {report.span.f1:.3f}"
    assert report.record.f1 >= record_floor, f"{name} record F1 {report.record.f1:.3f}"

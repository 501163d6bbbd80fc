"""The synthetic corpus: deterministic, offsets right, both scripts, and the real
extractor finds what was planted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.synth import generate, overlapping_negatives, provinces, read_jsonl, score
from extract.records import FIGURE_FIELDS, KINDS, MEASURES, METRICS, QUALIFIERS, UNITS

RECALL_DOCS = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, RECALL_DOCS, seed=11)
    return out


def _texts(corpus: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((corpus / "docs").glob("*.txt"))}


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path: Path) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate(tmp_path / name, 40, seed=seed, workers=2 if name == "b" else 1)

    def files(name: str) -> dict[str, bytes]:
        root = tmp_path / name
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert files("a") == files("b")  # also: one worker or two makes no difference
    assert files("a") != files("c")


def test_records_follow_the_spec_and_offsets_point_at_their_text(corpus: Path) -> None:
    texts = _texts(corpus)
    truth = read_jsonl(corpus / "truth.jsonl")
    assert len(texts) == RECALL_DOCS
    assert len(truth) > 10 * RECALL_DOCS
    for r in truth:
        assert tuple(r) == FIGURE_FIELDS
        assert texts[r["doc_id"]][r["start"]:r["end"]] == r["text"]
        assert r["unit"] in UNITS and r["metric"] in METRICS and r["measure"] in MEASURES
        assert r["kind"] in KINDS and r["qualifier"] in QUALIFIERS
        assert (r["value_high"] is not None) == (r["qualifier"] == "range")
    for n in read_jsonl(corpus / "negatives.jsonl"):
        assert texts[n["doc_id"]][n["start"]:n["end"]] == n["text"]


def test_corpus_covers_both_scripts_all_provinces_and_years(corpus: Path) -> None:
    texts = _texts(corpus).values()
    assert sum("开发区" in t for t in texts) > RECALL_DOCS // 2
    assert sum("開發區" in t for t in texts) > RECALL_DOCS // 10
    truth = read_jsonl(corpus / "truth.jsonl")
    regions = Counter(r["region"] for r in truth)
    assert set(regions) == {p.name for p in provinces()} | {"全国"}
    assert len(provinces()) == 31
    years = {int(r["period"]) for r in truth if r["kind"] == "actual"}
    assert years == set(range(2015, 2026))
    assert {r["kind"] for r in truth} == set(KINDS)
    assert any(r["area"] for r in truth)


def test_extractor_recalls_planted_figures_and_skips_planted_non_figures(corpus: Path) -> None:
    from extract.figures import extract_figures

    texts = _texts(corpus)
    extracted = [f.to_dict() for doc_id, text in texts.items() for f in extract_figures(text, doc_id)]
    recall = score(read_jsonl(corpus / "truth.jsonl"), extracted)
    shown = "\n".join(f"  planted {t}\n  got     {g}" for t, g in recall.misses[:15])
    assert recall.rate >= 0.99, f"recall {recall.correct}/{recall.planted} = {recall.rate:.4f}\n{shown}"
    negatives = read_jsonl(corpus / "negatives.jsonl")
    wrong = overlapping_negatives(negatives, extracted)
    assert len(wrong) <= 0.01 * len(negatives), wrong[:15]

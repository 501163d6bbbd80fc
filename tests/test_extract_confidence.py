"""Record confidence: in [0, 1], monotone in its evidence, calibrated on the annotated sets."""

from __future__ import annotations

import json
from pathlib import Path

from extract.confidence import _curve, confidence, fit
from extract.evaluate import calibration, evaluate_folder
from extract.figures import extract_figures

ROOT = Path(__file__).resolve().parents[1]


def test_every_record_carries_a_confidence() -> None:
    found = extract_figures("2023年，芜湖经开区实现地区生产总值1286.4亿元，同比增长7.2%。", "t")
    assert found and all(0.0 <= f.confidence <= 1.0 for f in found)
    assert list(found[0].to_dict())[-1] == "confidence"
    json.dumps(found[0].to_dict())  # the record stays plain JSON


def test_weaker_evidence_gives_lower_confidence() -> None:
    strong = {"span": "CNY", "measure": "level", "qualifier": "exact", "region": "sentence",
              "kind": "sentence", "period": "sentence", "metric": "named"}
    weak = {**strong, "region": "none", "period": "none", "metric": "other"}
    assert confidence(weak) < confidence(strong)


def test_the_calibration_curve_is_monotone() -> None:
    points = [(0.1, False), (0.2, True), (0.3, False), (0.6, True), (0.7, False), (0.9, True), (0.95, True)]
    rates = [rate for _, rate in _curve(points)]
    assert rates == sorted(rates)
    table = fit([({"region": "sentence"}, {"region": True})] * 9 + [({"region": "none"}, {"region": False})] * 3)
    assert table["reliability"]["region"]["sentence"] > table["reliability"]["region"]["none"]


def test_confidence_is_calibrated_on_the_development_set() -> None:
    rows = {label: (count, share) for label, count, _, share in
            calibration(evaluate_folder(ROOT / "data" / "samples", ROOT / "tests" / "gold"))}
    count, share = rows["≥ 0.9"]
    assert count > 200 and share >= 0.9  # high confidence is rarely wrong
    low_count, low_share = rows["0.5–0.7"]
    assert low_count > 0 and low_share < share

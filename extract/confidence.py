"""How likely a figure record is right, from what decided its uncertain fields.

Each field the extractor infers from context (region, kind, period, metric) is decided by
one rule of a known kind: the words of its own sentence, the paragraph, a section vote, a
default. Those kinds are not equally reliable, and how reliable each is can be *measured*
on the annotated sets. ``confidence.json`` holds, for every field and every kind of
evidence, the share of records where that evidence gave the right value (add-one smoothed),
plus how often a span of a given unit is a real figure. A record's confidence is the
product over its fields, mapped through a monotone calibration curve fitted on the same
records (pool-adjacent-violators): the fields do not fail independently, and the curve turns
the product into the share of records that were right at that level. ``zonestats eval``
shows the calibration on any annotated set.

Refit after changing rules: ``python -m extract.confidence`` (scores the annotated sets and
rewrites the table). The table is data, not code: nothing in it names a document.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

_TABLE = Path(__file__).resolve().parent / "data" / "confidence.json"
# Fields whose evidence is recorded (``Figure.evidence`` keys): "span" is keyed by unit,
# "measure" and "qualifier" by the value read, the others by the rule that decided.
EVIDENCE_FIELDS = ("span", "measure", "qualifier", "region", "kind", "period", "metric")
_UNSEEN = 0.8  # evidence never seen in the annotated sets: a cautious guess

Pair = tuple[dict[str, str], dict[str, bool]]  # (evidence, which fields were right)


@lru_cache(maxsize=1)
def _table() -> dict:
    if not _TABLE.exists():
        return {"reliability": {}, "curve": []}
    return json.loads(_TABLE.read_text(encoding="utf-8"))


def _product(evidence: dict[str, str], reliability: dict[str, dict[str, float]]) -> float:
    result = 1.0
    for name in EVIDENCE_FIELDS:
        if name in evidence:
            result *= reliability.get(name, {}).get(evidence[name], _UNSEEN)
    return result


def confidence(evidence: dict[str, str]) -> float:
    """The calibrated chance that a record with this evidence is right, to 3 places."""
    return _confidence_of(tuple(evidence.items()))


@lru_cache(maxsize=4096)
def _confidence_of(items: tuple[tuple[str, str], ...]) -> float:
    """Cached by evidence: a document's figures share a few hundred combinations at most."""
    evidence = dict(items)
    table = _table()
    raw = _product(evidence, table.get("reliability", {}))
    curve = table.get("curve", [])
    for upper, rate in curve:  # blocks of raw products, ascending
        if raw <= upper:
            return round(rate, 3)
    return round(curve[-1][1] if curve else raw, 3)


def _reliability(pairs: list[Pair]) -> dict[str, dict[str, float]]:
    """Share right per field and evidence (add-one smoothed)."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for evidence, right in pairs:
        for name in EVIDENCE_FIELDS:
            if name in evidence and name in right:
                tally = counts[name][evidence[name]]
                tally[0] += right[name]
                tally[1] += 1
    return {name: {ev: round((hit + 1) / (n + 2), 4) for ev, (hit, n) in sorted(by.items())}
            for name, by in sorted(counts.items())}


def _curve(points: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """Isotonic (pool-adjacent-violators) fit of rightness on the raw product:
    [(largest raw product in the block, smoothed share right)], ascending. Written out
    because it is fifteen lines and scikit-learn would be a heavy dependency for it."""
    blocks: list[list[float]] = []  # [upper raw, hits, count]
    for raw, ok in sorted(points):
        blocks.append([raw, float(ok), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            upper, hits, count = blocks.pop()
            blocks[-1] = [upper, blocks[-1][1] + hits, blocks[-1][2] + count]
    return [(round(upper, 4), round((hits + 1) / (count + 2), 4)) for upper, hits, count in blocks]


def fit(pairs: list[Pair]) -> dict:
    """The confidence table from (evidence, fields right) pairs: reliabilities and curve."""
    reliability = _reliability(pairs)
    points = [(_product(ev, reliability), all(right.values())) for ev, right in pairs]
    return {"reliability": reliability, "curve": _curve(points)}


def _annotated_sets(root: Path) -> list[tuple[Path, Path]]:
    return [(root / "data" / "samples", root / "tests" / "gold"),
            (root / "tests" / "heldout" / "docs", root / "tests" / "heldout" / "gold"),
            (root / "tests" / "challenge" / "docs", root / "tests" / "challenge" / "gold"),
            (root / "tests" / "firstsight" / "docs", root / "tests" / "firstsight" / "gold"),
            (root / "tests" / "firstsight2" / "docs", root / "tests" / "firstsight2" / "gold"),
            (root / "tests" / "firstsight3" / "docs", root / "tests" / "firstsight3" / "gold"),
            (root / "tests" / "tables" / "docs", root / "tests" / "tables" / "gold")]


def main() -> None:
    """Refit ``confidence.json`` on every annotated set of the repository."""
    from extract.evaluate import evidence_pairs  # evaluation needs the extractor, not vice versa

    root = Path(__file__).resolve().parents[1]
    pairs = [pair for docs, gold in _annotated_sets(root) for pair in evidence_pairs(docs, gold)]
    table = {"fitted_on": [str(docs.relative_to(root)) for docs, _ in _annotated_sets(root)],
             "records": len(pairs), **fit(pairs)}
    _TABLE.parent.mkdir(parents=True, exist_ok=True)
    _TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{_TABLE}: fitted on {len(pairs)} records")


if __name__ == "__main__":
    main()

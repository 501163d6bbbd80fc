"""Scoring extracted figures against gold annotations (span F1, field accuracy, record F1).

Spans match one-to-one by overlap: pairs are taken greedily by overlap length, so a gold
``2-3家`` and a predicted ``2-3家`` pair up before any partial overlap does. A matched pair
is a *correct record* when every field in ``RECORD_FIELDS`` agrees (floats within a
relative tolerance, so 1/3 → 33.333 and 33.3333 agree).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.figures import extract_figures
from extract.files import read_text

RECORD_FIELDS = ("value", "value_high", "unit", "metric", "measure", "region", "period",
                 "kind", "qualifier")
REPORTED_FIELDS = (*RECORD_FIELDS, "area", "subject")
_REL_TOL = 1e-3


@dataclass(slots=True)
class Score:
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    span: Score = field(default_factory=Score)
    record: Score = field(default_factory=Score)
    field_right: dict[str, int] = field(default_factory=lambda: {f: 0 for f in REPORTED_FIELDS})
    matched: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_fields: list[tuple[dict[str, Any], dict[str, Any], list[str]]] = field(default_factory=list)
    # (confidence, the predicted record is right) for every predicted record
    judged: list[tuple[float, bool]] = field(default_factory=list)

    def field_accuracy(self, name: str) -> float:
        return self.field_right[name] / self.matched if self.matched else 1.0


def same_value(a: Any, b: Any) -> bool:
    """Field equality; numbers compare with a relative tolerance."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=_REL_TOL, abs_tol=1e-9)
    return a == b


def match_spans(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, largest overlap first."""
    pairs = []
    j0 = 0
    pred_sorted = sorted(range(len(pred)), key=lambda j: pred[j]["start"])
    for i, g in enumerate(gold):
        while j0 < len(pred_sorted) and pred[pred_sorted[j0]]["end"] <= g["start"] - 200:
            j0 += 1
        for j in pred_sorted[j0:]:
            p = pred[j]
            if p["start"] >= g["end"]:
                break
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > 0:
                pairs.append((overlap, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            matched.append((i, j))
    return sorted(matched)


def score_document(gold: list[dict[str, Any]], pred: list[dict[str, Any]], report: Report) -> None:
    """Add one document's comparison to ``report``."""
    pairs = match_spans(gold, pred)
    report.span.gold += len(gold)
    report.span.predicted += len(pred)
    report.span.true_positive += len(pairs)
    report.record.gold += len(gold)
    report.record.predicted += len(pred)
    report.matched += len(pairs)
    for i, j in pairs:
        wrong = [f for f in REPORTED_FIELDS if not same_value(gold[i].get(f), pred[j].get(f))]
        for name in REPORTED_FIELDS:
            if name not in wrong:
                report.field_right[name] += 1
        if not any(f in RECORD_FIELDS for f in wrong):
            report.record.true_positive += 1
        else:
            report.wrong_fields.append((gold[i], pred[j], [f for f in wrong if f in RECORD_FIELDS]))
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    right = {j for i, j in pairs
             if all(same_value(gold[i].get(f), pred[j].get(f)) for f in RECORD_FIELDS)}
    report.judged.extend((p.get("confidence", 1.0), j in right) for j, p in enumerate(pred))
    report.misses.extend(g for i, g in enumerate(gold) if i not in matched_gold)
    report.false_positives.extend(p for j, p in enumerate(pred) if j not in matched_pred)


def load_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate_folder(docs: Path, gold_dir: Path) -> Report:
    """Extract every document that has a gold file and score it."""
    report = Report()
    for gold_path in sorted(gold_dir.glob("*.jsonl")):
        doc_id = gold_path.stem
        candidates = sorted(docs.glob(f"{doc_id}.*"))
        if not candidates:
            continue
        text = read_text(candidates[0])
        pred = [f.to_dict() for f in extract_figures(text, doc_id)]
        score_document(load_gold(gold_path), pred, report)
    return report


def evidence_pairs(docs: Path, gold_dir: Path) -> list[tuple[dict[str, str], dict[str, bool]]]:
    """For every predicted figure: what decided its fields, and which of them were right
    (``span``: it matches a gold figure at all). The data ``extract.confidence`` fits."""
    pairs: list[tuple[dict[str, str], dict[str, bool]]] = []
    for gold_path in sorted(gold_dir.glob("*.jsonl")):
        candidates = sorted(docs.glob(f"{gold_path.stem}.*"))
        if not candidates:
            continue
        figures = extract_figures(read_text(candidates[0]), gold_path.stem)
        gold = load_gold(gold_path)
        matched = dict((j, i) for i, j in match_spans(gold, [f.to_dict() for f in figures]))
        for j, figure in enumerate(figures):
            right = {"span": j in matched}
            if j in matched:
                g = gold[matched[j]]
                right.update({name: same_value(getattr(figure, name), g.get(name))
                              for name in ("region", "kind", "period", "metric", "qualifier")})
                right["span"] = all(same_value(getattr(figure, f), g.get(f)) for f in ("unit", "value_high"))
                right["measure"] = all(same_value(getattr(figure, f), g.get(f)) for f in ("measure", "value"))
            pairs.append((figure.evidence, right))
    return pairs


# Confidence buckets for the calibration table: (low, high, label).
_BUCKETS = ((0.0, 0.5, "< 0.5"), (0.5, 0.7, "0.5–0.7"), (0.7, 0.9, "0.7–0.9"), (0.9, 1.01, "≥ 0.9"))


def calibration(report: Report) -> list[tuple[str, int, float, float]]:
    """(bucket, records, mean confidence, share right) per confidence bucket."""
    rows = []
    for low, high, label in _BUCKETS:
        inside = [(c, ok) for c, ok in report.judged if low <= c < high]
        if inside:
            rows.append((label, len(inside), sum(c for c, _ in inside) / len(inside),
                         sum(ok for _, ok in inside) / len(inside)))
        else:
            rows.append((label, 0, float("nan"), float("nan")))
    return rows


def _brief(record: dict[str, Any]) -> str:
    return (f"{record['doc_id'][:3]}@{record['start']} {record['text']} "
            f"{record.get('value')} {record.get('unit')} {record.get('metric')}")


def print_report(report: Report, show: int = 30) -> None:
    """Rich tables: scores, per-field accuracy, then the errors themselves."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    scores = Table(title="Extraction vs gold")
    for column in ("", "precision", "recall", "F1", "right", "predicted", "gold"):
        scores.add_column(column, justify="right")
    for name, score in (("spans", report.span), ("records", report.record)):
        scores.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
                       str(score.true_positive), str(score.predicted), str(score.gold))
    console.print(scores)
    fields_table = Table(title=f"Field accuracy over {report.matched} matched spans")
    fields_table.add_column("field")
    fields_table.add_column("accuracy", justify="right")
    for name in REPORTED_FIELDS:
        fields_table.add_row(name, f"{report.field_accuracy(name):.3f}")
    console.print(fields_table)
    calib = Table(title="Calibration: predicted records by confidence")
    for column in ("confidence", "records", "mean confidence", "right"):
        calib.add_column(column, justify="right")
    for label, count, mean, share in calibration(report):
        calib.add_row(label, str(count), f"{mean:.2f}" if count else "–", f"{share:.2f}" if count else "–")
    console.print(calib)
    console.print(f"[bold]Misses[/] ({len(report.misses)})")
    for record in report.misses[:show]:
        console.print("  ", _brief(record), markup=False)
    console.print(f"[bold]False positives[/] ({len(report.false_positives)})")
    for record in report.false_positives[:show]:
        console.print("  ", _brief(record), markup=False)
    console.print(f"[bold]Wrong fields[/] ({len(report.wrong_fields)})")
    for gold, pred, wrong in report.wrong_fields[:show]:
        diffs = ", ".join(f"{f}: {gold.get(f)!r}→{pred.get(f)!r}" for f in wrong)
        console.print("  ", _brief(gold), "|", diffs, markup=False)

"""A synthetic corpus with known answers: for benchmarks at any size, and for recall.

``generate(out, n_docs, seed)`` writes ``out/docs/<doc_id>.txt`` — reports on the
development zones of one province (or comparisons of several) assembled from the
sentence patterns in :mod:`zonestats.synth_patterns`, with prose between the figures
and numbers that are not figures — and, beside them:

- ``out/truth.jsonl``: every planted figure as a record in the exact shape of
  ``docs/figures-spec.md`` (``doc_id`` = file stem, offsets into the file's text);
- ``out/negatives.jsonl``: every planted non-figure (dates, document numbers, list
  numbering, slogans, durations) as ``{doc_id, start, end, text}``: spans no record
  may overlap.

Provinces and city names come from cpca's ``adcodes.csv`` (already a dependency), so
zone names such as 南京经开区 are real places. A share of the documents is written in
traditional characters. Output is a pure function of ``seed``: document *i* draws from
its own ``Random(f"{seed}:{i}")``, which also lets workers generate documents in any
order.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

from extract.records import FIGURE_FIELDS
from zonestats.synth_patterns import (
    ACTUAL,
    COMPARISON,
    FILLER,
    NOISE,
    TARGET,
    Fig,
    Neg,
    Part,
    Scene,
    date_line,
    document_number,
    nationwide,
)

TRADITIONAL_SHARE = 0.3
COMPARISON_SHARE = 0.15
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_NOT_MAINLAND = ("台湾省", "香港特别行政区", "澳门特别行政区")
_PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市")
_NUMBERING = ("一、", "二、", "三、", "四、", "五、")
_SUBSECTIONS = ("（一）", "（二）", "（三）", "（四）")
_PRACTICES = ("强化改革创新", "聚焦主导产业", "优化营商环境", "推进绿色发展", "深化开放合作", "加强要素保障")


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # standard full name
    short: str
    scope: str  # how its own reports say "the whole province"
    cities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SynthSummary:
    docs: int
    chars: int
    figures: int
    negatives: int


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """The 31 mainland province-level units with city names from cpca's adcodes.

    A city (a district, for the four municipalities) is kept only if its short name
    starts no place name in another province, so a zone named after it belongs to
    exactly one province — which is what the spec needs to give it a region.
    """
    rows = list(csv.DictReader(_adcodes_csv().open(encoding="utf-8")))
    names = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"].endswith("0" * 10)}
    owners: dict[str, set[str]] = {}  # name prefix -> provinces with a place so named
    candidates: dict[str, list[str]] = {code: [] for code in names}
    for row in rows:
        code, name = row["adcode"], row["name"]
        for end in range(2, len(name) + 1):
            owners.setdefault(name[:end], set()).add(code[:2])
        province = names.get(code[:2])
        if province is None or code.endswith("0" * 10) or name == "市辖区":
            continue
        if province in _MUNICIPALITIES:
            if code[6:] == "000000" and name.endswith("区"):
                candidates[code[:2]].append(name.removesuffix("新区").removesuffix("区"))
        elif code[4:] == "0" * 8 and name.endswith("市"):
            candidates[code[:2]].append(name.removesuffix("市"))
    result = []
    for code, province in sorted(names.items()):
        if province in _NOT_MAINLAND:
            continue
        cities = tuple(sorted(c for c in candidates[code] if len(c) >= 2 and owners[c] == {code}))
        short = next(province.removesuffix(s) for s in _PROVINCE_SUFFIXES if province.endswith(s))
        scope = "全市" if province in _MUNICIPALITIES else "全区" if province.endswith("自治区") else "全省"
        result.append(Province(province, short, scope, cities))
    return tuple(result)


def _adcodes_csv() -> Path:
    """cpca's table of places, found without importing cpca (which loads pandas)."""
    spec = importlib.util.find_spec("cpca")
    assert spec is not None and spec.origin is not None, "cpca is a dependency"
    return Path(spec.origin).parent / "resources" / "adcodes.csv"


# -- one document ------------------------------------------------------------------------


def _scene(doc: str, rng: random.Random, province: Province, year: int) -> Scene:
    return Scene(key=f"{doc}:{province.name}", rng=rng, year=year, province=province.name,
                 short=province.short, scope=province.scope, cities=province.cities)


def _paragraph(scene: Scene, patterns: Sequence, n_figures: int, *, extra: Sequence = ()) -> list[Part]:
    """Figure sentences with prose between them (and the odd non-figure)."""
    rng = scene.rng
    parts: list[Part] = []
    sentences = [rng.choice(patterns) for _ in range(n_figures)] + list(extra)
    rng.shuffle(sentences)
    for pattern in sentences:
        parts.extend(rng.sample(FILLER, rng.choice((1, 2, 2, 3))))
        parts.extend(pattern(scene))
        if rng.random() < 0.12:
            parts.extend(rng.choice(NOISE)(scene))
    parts.append("\n")
    return parts


def _report(doc: str, rng: random.Random, province: Province, year: int) -> list[Part]:
    """One province's annual report: situation, practices, problems, next steps."""
    s = _scene(doc, rng, province, year)
    parts: list[Part] = [f"{province.short}开发区", Neg(f"{year}年"), "度发展情况报告\n"]
    parts += [*document_number(s, f"{province.short[0]}商发"), "\n"]
    parts += [Neg(_NUMBERING[0]), "基本情况\n"]
    for _ in range(rng.randint(2, 3)):
        extra = [nationwide] if rng.random() < 0.15 else []
        parts += _paragraph(s, ACTUAL, rng.randint(2, 4), extra=extra)
    parts += [Neg(_NUMBERING[1]), "主要做法\n"]
    for sub, practice in zip(_SUBSECTIONS, rng.sample(_PRACTICES, rng.randint(2, 4))):
        parts += [Neg(sub), practice, "。", *rng.sample(FILLER, 3)]
        parts += _paragraph(s, ACTUAL, rng.randint(1, 2))
    parts += [Neg(_NUMBERING[2]), "存在问题\n", *rng.sample(FILLER, rng.randint(5, 9)), "\n"]
    parts += [Neg(_NUMBERING[3]), "下一步工作\n"]
    parts += _paragraph(s, TARGET, rng.randint(2, 4))
    parts += date_line(s) + ["\n"]
    return parts


def _comparison(doc: str, rng: random.Random, chosen: Sequence[Province], year: int) -> tuple[list[Part], dict[int, str]]:
    """A study of several provinces: one paragraph each, opened by the province's name.

    Returns the parts and, per part index, the province a paragraph starts with (the
    region of the figures that follow).
    """
    parts: list[Part] = ["、".join(p.short for p in chosen), "等地开发区发展情况及经验\n"]
    parts += [Neg(_NUMBERING[0]), "基本情况\n"]
    regions: dict[int, str] = {}
    for province in chosen:
        s = _scene(doc, rng, province, year)
        regions[len(parts)] = province.name
        parts += [f"{province.name}："]
        parts += _paragraph(s, COMPARISON, rng.randint(4, 7))
    parts += [Neg(_NUMBERING[1]), "经验启示\n", *rng.sample(FILLER, rng.randint(6, 10)), "\n"]
    parts += date_line(_scene(doc, rng, chosen[0], year)) + ["\n"]
    return parts, regions


@lru_cache(maxsize=None)
def _traditional(text: str) -> str:
    """s2t conversion, cached: prose parts repeat, and OpenCC is slow on fresh text."""
    return _opencc().convert(text)


@lru_cache(maxsize=1)
def _opencc():
    from opencc import OpenCC

    return OpenCC("s2t")


def render(doc_id: str, seed: int, index: int) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """Document ``index`` of corpus ``seed``: its text, figure records and non-figure spans.

    Each part is converted to traditional characters on its own (when the document is
    traditional), so offsets are computed on the final strings and stay right even if
    a conversion changed a length.
    """
    key = f"{seed}:{index}"
    rng = random.Random(key)
    year = rng.randint(2015, 2025)
    all_provinces = provinces()
    if rng.random() < COMPARISON_SHARE:
        parts, regions = _comparison(key, rng, rng.sample(all_provinces, rng.randint(2, 4)), year)
    else:
        home = rng.choice(all_provinces)
        parts, regions = _report(key, rng, home, year), {0: home.name}
    traditional = rng.random() < TRADITIONAL_SHARE
    chunks: list[str] = []
    records: list[dict[str, Any]] = []
    negatives: list[dict[str, Any]] = []
    offset = 0
    region = None
    for i, part in enumerate(parts):
        region = regions.get(i, region)
        written = part if isinstance(part, str) else part.text
        if traditional:
            written = _traditional(written)
        if isinstance(part, Fig):
            records.append(_record(doc_id, offset, written, part, region))
        elif isinstance(part, Neg):
            negatives.append({"doc_id": doc_id, "start": offset, "end": offset + len(written), "text": written})
        chunks.append(written)
        offset += len(written)
    text = "".join(chunks)
    for span in (*records, *negatives):
        assert text[span["start"]:span["end"]] == span["text"], span
    return text, records, negatives


def _record(doc_id: str, start: int, written: str, fig: Fig, region: str | None) -> dict[str, Any]:
    record = {
        "doc_id": doc_id, "start": start, "end": start + len(written), "text": written,
        "value": _number(fig.value), "value_high": None if fig.value_high is None else _number(fig.value_high),
        "unit": fig.unit, "metric": fig.metric, "measure": fig.measure,
        "region": fig.region or region, "area": fig.area, "subject": fig.subject,
        "period": fig.period, "kind": fig.kind, "qualifier": fig.qualifier,
    }
    assert tuple(record) == FIGURE_FIELDS
    return record


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


# -- the corpus ---------------------------------------------------------------------------


def doc_name(seed: int, index: int) -> str:
    return f"synth{seed}_{index:06d}"


@dataclass(frozen=True, slots=True)
class _Chunk:
    truth: str  # JSON lines, serialised in the worker
    negatives: str
    figures: int
    non_figures: int
    chars: int


def _write_chunk(out: str, seed: int, indices: range) -> _Chunk:
    docs = Path(out) / "docs"
    truth, negatives, chars = [], [], 0
    for index in indices:
        doc_id = doc_name(seed, index)
        text, records, spans = render(doc_id, seed, index)
        (docs / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        truth += records
        negatives += spans
        chars += len(text)
    return _Chunk(_jsonl(truth), _jsonl(negatives), len(truth), len(negatives), chars)


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _chunks(n: int, size: int) -> Iterator[range]:
    for start in range(0, n, size):
        yield range(start, min(n, start + size))


def generate(out: Path, n_docs: int, seed: int = 0, workers: int | None = None) -> SynthSummary:
    """Write ``n_docs`` documents, ``truth.jsonl`` and ``negatives.jsonl`` under ``out``."""
    (out / "docs").mkdir(parents=True, exist_ok=True)
    workers = workers or min(os.cpu_count() or 1, max(1, n_docs // 500))
    chunks = list(_chunks(n_docs, 250))
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_write_chunk, [str(out)] * len(chunks), [seed] * len(chunks), chunks))
    else:
        results = [_write_chunk(str(out), seed, c) for c in chunks]
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth, \
            (out / "negatives.jsonl").open("w", encoding="utf-8") as negatives:
        for chunk in results:  # chunk order = document order
            truth.write(chunk.truth)
            negatives.write(chunk.negatives)
    return SynthSummary(
        docs=n_docs,
        chars=sum(c.chars for c in results),
        figures=sum(c.figures for c in results),
        negatives=sum(c.non_figures for c in results),
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# -- scoring an extractor against the planted figures ---------------------------------------

CHECKED_FIELDS = ("value", "unit", "metric", "region")


@dataclass(frozen=True, slots=True)
class Recall:
    """How many planted figures an extractor found (span overlap) and got right."""

    planted: int
    found: int  # some extracted record overlaps the planted span
    correct: int  # … and agrees on CHECKED_FIELDS
    misses: list[tuple[dict[str, Any], dict[str, Any] | None]]  # (planted, best overlapping or None)

    @property
    def rate(self) -> float:
        return self.correct / self.planted if self.planted else 1.0


def score(planted: Sequence[dict[str, Any]], extracted: Sequence[dict[str, Any]]) -> Recall:
    """Match planted records to extracted ones by overlapping span in the same document."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for record in extracted:
        by_doc.setdefault(record["doc_id"], []).append(record)
    found = correct = 0
    misses: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for truth in planted:
        overlapping = [
            r for r in by_doc.get(truth["doc_id"], ()) if r["start"] < truth["end"] and truth["start"] < r["end"]
        ]
        if overlapping:
            found += 1
        right = next((r for r in overlapping if agrees(truth, r)), None)
        if right is not None:
            correct += 1
        else:
            misses.append((truth, overlapping[0] if overlapping else None))
    return Recall(planted=len(planted), found=found, correct=correct, misses=misses)


def agrees(truth: dict[str, Any], got: dict[str, Any]) -> bool:
    for key in CHECKED_FIELDS:
        if key == "value":
            if got["value"] is None or abs(got["value"] - truth["value"]) > 1e-9 * max(1.0, abs(truth["value"])):
                return False
        elif got[key] != truth[key]:
            return False
    return True


def overlapping_negatives(negatives: Sequence[dict[str, Any]], extracted: Sequence[dict[str, Any]]) -> list[dict]:
    """Planted non-figures that some extracted record overlaps (each one is a false positive)."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for record in extracted:
        by_doc.setdefault(record["doc_id"], []).append(record)
    return [
        n for n in negatives
        if any(r["start"] < n["end"] and n["start"] < r["end"] for r in by_doc.get(n["doc_id"], ()))
    ]

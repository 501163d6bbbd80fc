"""Build the held-out gold files (gold/<stem>.jsonl) from hand annotations (ann/<stem>.txt).

The annotations name each figure by a short context string instead of by offsets, so they
can be written and reviewed by hand; this script finds the offsets and checks them.

Annotation format, one figure per line, in document order::

    @ region=四川省 period=2023 kind=actual area=null      (defaults for the lines below)
    context | text | value | unit | metric | measure | qualifier | subject [| key=value ...]

* ``context`` is searched for from the previous figure's start onwards (so a repeated
  figure is simply annotated again); ``text`` must occur inside it ('.' = the context).
* ``\\n`` in ``context`` or ``text`` stands for a line break (web copy breaks numbers).
* ``value`` is a number or ``low~high`` for a range (qualifier ``range``).
* trailing ``key=value`` items override the defaults (region, area, period, kind);
  ``null`` stands for JSON null.

Run: ``python tests/heldout/build_gold.py [SET_DIR]`` (rewrites every gold file of the set,
``tests/heldout`` by default, ``tests/firstsight`` for the first-sight set; fails loudly).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from extract.records import KINDS, MEASURES, METRICS, QUALIFIERS, UNITS  # noqa: E402

HERE = Path(__file__).resolve().parent
_DEFAULT_KEYS = ("region", "area", "period", "kind")


def _null(value: str) -> str | None:
    return None if value == "null" else value


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def build(stem: str, base: Path = HERE) -> list[dict]:
    """The gold records of ``base/ann/<stem>.txt`` over ``base/docs/<stem>.txt``."""
    doc = (base / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
    defaults: dict[str, str | None] = dict.fromkeys(_DEFAULT_KEYS)
    records: list[dict] = []
    cursor = 0
    lines = (base / "ann" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            for item in line[1:].split():
                key, value = item.split("=", 1)
                assert key in _DEFAULT_KEYS, f"{stem}:{lineno}: unknown default {key}"
                defaults[key] = _null(value)
            continue
        parts = [p.strip() for p in line.split("|")]
        assert len(parts) >= 8, f"{stem}:{lineno}: too few fields"
        context, text, value, unit, metric, measure, qualifier, subject = parts[:8]
        fields = dict(defaults)
        for item in parts[8:]:
            key, val = item.split("=", 1)
            assert key in _DEFAULT_KEYS, f"{stem}:{lineno}: unknown field {key}"
            fields[key] = _null(val)
        context = context.replace("\\n", "\n")  # a line break inside a figure
        text = context if text == "." else text.replace("\\n", "\n")
        at = doc.find(context, cursor)
        assert at >= 0, f"{stem}:{lineno}: context {context!r} not found after {cursor}"
        offset = context.find(text)
        assert offset >= 0, f"{stem}:{lineno}: {text!r} not inside {context!r}"
        start = at + offset
        end = start + len(text)
        assert doc[start:end] == text
        assert not records or start >= records[-1]["end"], f"{stem}:{lineno}: overlaps previous"
        assert unit in UNITS and metric in METRICS and measure in MEASURES, f"{stem}:{lineno}"
        assert qualifier in QUALIFIERS and fields["kind"] in KINDS, f"{stem}:{lineno}"
        assert (qualifier == "range") == ("~" in value), f"{stem}:{lineno}: range ⇔ low~high"
        low, _, high = value.partition("~")
        records.append({
            "doc_id": stem, "start": start, "end": end, "text": text,
            "value": _number(low), "value_high": _number(high) if high else None,
            "unit": unit, "metric": metric, "measure": measure,
            "region": fields["region"], "area": fields["area"], "subject": subject,
            "period": fields["period"], "kind": fields["kind"], "qualifier": qualifier,
        })
        cursor = start + 1
    return records


def main(base: Path = HERE) -> None:
    for ann in sorted((base / "ann").glob("*.txt")):
        records = build(ann.stem, base)
        out = base / "gold" / f"{ann.stem}.jsonl"
        with out.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{ann.stem}: {len(records)} records")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE)

"""A small published warehouse + document texts in a temporary ZONESTATS_HOME, for the app tests.

The documents are written for the tests (not the shipped samples): one simplified, one
traditional, one whose text is hostile HTML, and one quarantined input. Figure spans
are found in the texts, so offsets are right by construction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from app.synthetic import build_warehouse
from zonestats.intake import content_id
from zonestats.settings import Settings

HUBEI = (
    "湖北省开发区发展报告\n"
    "截至2020年底，湖北省共有国家级开发区21家，省级开发区82家。"
    "全省开发区实现营业收入45519亿元，增长11.9%。实际使用外资12.5亿美元。\n"
    "到2025年，全省开发区营业收入达到80000亿元。"
)
HENAN = (
    "河南省開發區情況\n"
    "2021年，河南省現有國家級開發區12家、省級開發區120家，營業收入達到30000億元，增長8.5%。"
)
HOSTILE = (
    '<script>alert("pwned")</script>江苏省开发区\n'
    "2022年江苏省有<img src=x onerror=alert(1)>国家级开发区30家，营业收入60000亿元。"
)


@dataclass(frozen=True)
class Doc:
    doc_id: str
    title: str
    text: str
    region: str
    year: int
    script: str


def _doc(title: str, text: str, region: str, year: int, script: str = "simplified") -> Doc:
    return Doc(content_id(text.encode("utf-8")), title, text, region, year, script)


DOCS = {
    "hubei": _doc("湖北省开发区发展报告", HUBEI, "湖北省", 2020),
    "henan": _doc("河南省開發區情況", HENAN, "河南省", 2021, "traditional"),
    "hostile": _doc("江苏省开发区", HOSTILE, "江苏省", 2022),
}
QUARANTINED_ID = "badbadbadbad0001"
QUARANTINE_REASON = "no text layer: scanned PDF"

# (document, text as written, fields); `text` must occur once in the document.
FIGURES: list[tuple[str, str, dict[str, Any]]] = [
    ("hubei", "21家", dict(value=21, unit="count", metric="zone_count", measure="level", subject="国家级开发区", period="2020")),
    ("hubei", "82家", dict(value=82, unit="count", metric="zone_count", measure="level", subject="省级开发区", period="2020")),
    ("hubei", "45519亿元", dict(value=4.5519e12, unit="CNY", metric="revenue", measure="level", subject="营业收入", period="2020")),
    ("hubei", "11.9%", dict(value=11.9, unit="percent", metric="revenue", measure="growth", subject="营业收入", period="2020")),
    ("hubei", "12.5亿美元", dict(value=1.25e9, unit="USD", metric="fdi", measure="level", subject="实际使用外资", period="2020")),
    ("hubei", "80000亿元", dict(value=8e12, unit="CNY", metric="revenue", measure="level", subject="营业收入", period="2025", kind="target", qualifier="at_least")),
    ("henan", "12家", dict(value=12, unit="count", metric="zone_count", measure="level", subject="国家级开发区", period="2021")),
    ("henan", "120家", dict(value=120, unit="count", metric="zone_count", measure="level", subject="省级开发区", period="2021")),
    ("henan", "30000億元", dict(value=3e12, unit="CNY", metric="revenue", measure="level", subject="营业收入", period="2021")),
    ("henan", "8.5%", dict(value=8.5, unit="percent", metric="revenue", measure="growth", subject="营业收入", period="2021")),
    ("hostile", "30家", dict(value=30, unit="count", metric="zone_count", measure="level", subject="国家级开发区", period="2022")),
    ("hostile", "60000亿元", dict(value=6e12, unit="CNY", metric="revenue", measure="level", subject="营业收入", period="2022")),
]


def span(key: str, written: str) -> tuple[int, int]:
    text = DOCS[key].text
    start = text.index(written)
    assert text.count(written) == 1, written
    return start, start + len(written)


def build_home(home: Path) -> Settings:
    """Write the warehouse, texts and publish status under ``home``."""
    settings = Settings(home=home)
    settings.ensure_dirs()
    base = datetime(2024, 5, 1, tzinfo=timezone.utc)
    documents = [
        dict(doc_id=d.doc_id, file_name=f"{key}.txt", content_hash=d.doc_id, format="txt", encoding="utf-8",
             script=d.script, n_bytes=len(d.text.encode()), n_chars=len(d.text), title=d.title,
             regions=[d.region], year=d.year, extractor_version="test", status="live",
             ingested_at=base + timedelta(hours=i), updated_at=base + timedelta(hours=i))
        for i, (key, d) in enumerate(DOCS.items())
    ]
    documents.append(dict(doc_id=QUARANTINED_ID, file_name="scan.pdf", status="quarantined",
                          quarantine_stage="decode", quarantine_reason=QUARANTINE_REASON,
                          updated_at=base))
    figures = []
    for i, (key, written, fields) in enumerate(FIGURES):
        start, end = span(key, written)
        figures.append({"kind": "actual", "qualifier": "exact", **fields, "doc_id": DOCS[key].doc_id,
                        "start": start, "end": end, "text": written, "region": DOCS[key].region,
                        "sentence": written, "extracted_at": base + timedelta(minutes=i)})
    quarantine = [dict(doc_id=QUARANTINED_ID, file_name="scan.pdf", n_bytes=1000, stage="decode",
                       reason=QUARANTINE_REASON, quarantined_at=base, in_inbox=True)]
    validation = [
        dict(validated_at=base, suite="figures", table_name="fct_figures", expectation="expect_column_values_to_not_be_null",
             column_name="doc_id", blocking=True, success=True, unexpected_count=0, run_seconds=0.1),
        dict(validated_at=base, suite="figures", table_name="fct_figures", expectation="expect_column_values_to_be_between",
             column_name="display_value", blocking=False, success=False, unexpected_count=3,
             unexpected_examples="[-12.0]", run_seconds=0.1),
    ]
    build_warehouse(settings.published_db, documents, figures, quarantine, validation)
    for d in DOCS.values():
        (settings.texts_dir / f"{d.doc_id}.txt").write_text(d.text, encoding="utf-8")
    settings.publish_status.write_text(json.dumps({
        "published": {"published_at": "2024-05-01T12:00:00+00:00", "documents": 3, "figures": len(FIGURES)},
        "last_attempt": {"at": "2024-05-01T12:00:00+00:00", "ok": True, "reason": None},
    }), encoding="utf-8")
    return settings


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A published fixture warehouse; ZONESTATS_HOME points at it for the app under test."""
    settings = build_home(tmp_path / "home")
    monkeypatch.setenv("ZONESTATS_HOME", str(settings.home))
    return settings

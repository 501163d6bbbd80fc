"""A small published warehouse + document texts in a temporary ZONESTATS_HOME, for the app tests.

The documents are written for the tests (not the shipped samples): one simplified, one
traditional, one whose text is hostile HTML, and one quarantined input. Figure spans
are found in the texts, so offsets are right by construction. The warehouse is built
by the real dbt project (benchmarks.app_warehouse.build_and_publish).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from benchmarks.app_warehouse import build_and_publish
from zonestats.intake import content_id
from zonestats.offline_build import add_document
from zonestats.settings import Settings
from zonestats.state import QUARANTINE_SCHEMA, ensure_state, write_table

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
    text: str
    region: str


def _doc(text: str, region: str) -> Doc:
    return Doc(content_id(text.encode("utf-8")), text, region)


DOCS = {
    "hubei": _doc(HUBEI, "湖北省"),
    "henan": _doc(HENAN, "河南省"),
    "hostile": _doc(HOSTILE, "江苏省"),
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
    """Write the documents' state, texts and validation results under ``home``; build and publish."""
    settings = Settings(home=home)
    ensure_state(settings)
    by_doc: dict[str, list[dict[str, Any]]] = {key: [] for key in DOCS}
    for key, written, fields in FIGURES:
        start, end = span(key, written)
        by_doc[key].append({"kind": "actual", "qualifier": "exact", "value_high": None, "area": None,
                            **fields, "start": start, "end": end, "text": written, "region": DOCS[key].region})
    for key, doc in DOCS.items():
        add_document(settings, doc.doc_id, doc.text, by_doc[key], file_name=f"{key}.txt")
        (settings.texts_dir / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
    write_table(settings.quarantine_dir / f"{QUARANTINED_ID}.parquet", [{
        "doc_id": QUARANTINED_ID, "file_name": "scan.pdf", "n_bytes": 1000, "stage": "decode",
        "reason": QUARANTINE_REASON, "quarantined_at": datetime(2024, 5, 1, tzinfo=timezone.utc),
    }], QUARANTINE_SCHEMA)
    at = datetime(2024, 5, 1, tzinfo=timezone.utc)
    build_and_publish(settings, [
        dict(validated_at=at, suite="figures", table_name="fct_figures", expectation="expect_column_values_to_not_be_null",
             column_name="doc_id", blocking=True, success=True, unexpected_count=0, run_seconds=0.1),
        dict(validated_at=at, suite="figures", table_name="fct_figures", expectation="expect_column_values_to_be_between",
             column_name="display_value", blocking=False, success=False, unexpected_count=3,
             unexpected_examples="[-12.0]", run_seconds=0.1),
    ])
    return settings


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One dbt build for the whole session (it takes ~25 s); tests get copies.

    Each test module imports this fixture, which makes it one fixture per module to
    pytest; the fixed folder under the session's base temp lets them share one build.
    """
    home = tmp_path_factory.getbasetemp() / "app_fixture" / "home"
    if not Settings(home=home).published_db.exists():
        build_home(home)
    return home


@pytest.fixture
def app_home(built_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A published fixture warehouse; ZONESTATS_HOME points at it for the app under test."""
    home = tmp_path / "home"
    shutil.copytree(built_home, home, ignore=shutil.ignore_patterns("dbt_target", "build"))
    monkeypatch.setenv("ZONESTATS_HOME", str(home))
    return Settings(home=home)

"""The benchmark's own machinery: memory sampling, optional rows, the Markdown block.

No timing is asserted here (speed is what ``zonestats bench`` prints); these check that
the figures it prints are measured the way the table says.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import psutil
import pytest

from benchmarks import scale as bench

# A parent that starts a child holding ~300 MiB: the peak must count the grandchild too.
_TREE = """
import subprocess, sys
subprocess.run([sys.executable, "-c", "import time; x = bytearray(300 * 2**20); time.sleep(1.5)"], check=True)
"""


def test_peak_rss_counts_the_whole_process_tree() -> None:
    child = psutil.Popen([sys.executable, "-c", _TREE])
    peak = bench._PeakRss(child)
    peak.start()
    assert child.wait() == 0
    peak.stop()
    assert peak.peak >= 300 * 2**20


def test_app_rows_report_the_slowest_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    timing = types.SimpleNamespace
    fake = types.ModuleType("benchmarks.app_pages")
    built: list[Path] = []

    def build(home: Path, n: int) -> None:
        built.append(home)
        db = bench.Settings(home=home).published_db
        db.parent.mkdir(parents=True)
        db.touch()

    fake.build = build
    fake.time_pages = lambda db, repeats: [timing(page="overview", p95_ms=40.0), timing(page="figures", p95_ms=210.0)]
    import benchmarks

    monkeypatch.setitem(sys.modules, "benchmarks.app_pages", fake)
    monkeypatch.setattr(benchmarks, "app_pages", fake, raising=False)
    rows = bench.app_rows(tmp_path)
    assert [r.result for r in rows] == ["210 ms (figures; target ≤ 300 ms)"]
    bench.app_rows(tmp_path)
    assert built == [tmp_path / "app-1M"]  # the 1 M-figure warehouse is built once per workdir


def test_markdown_block_is_replaced_and_the_prose_kept(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\nintro\n\n{bench.START}\nold table\n{bench.END}\n\nnotes\n", encoding="utf-8")
    rows = [bench.Row("bulk load", "10 docs", "1.0 s", "median of 3")]
    bench.write_into(doc, bench.markdown(rows, "zonestats bench --docs 10", "2025-01-01"))
    text = doc.read_text(encoding="utf-8")
    assert "old table" not in text and "| bulk load | 10 docs | 1.0 s | median of 3 |" in text
    assert text.startswith("# Benchmarks\n\nintro\n") and text.endswith("\n\nnotes\n")
    assert "    zonestats bench --docs 10" in text


def test_extraction_rows_measure_the_same_text_three_ways() -> None:
    texts = ["截至2021年底，全省共有开发区96家，实现营业收入2.35万亿元，同比增长8.7%。"] * 20
    rows = bench.extraction_rows(texts, repeats=1)
    assert [r.what.split(",")[0] for r in rows] == [
        "extraction", "extraction", "regex scan for numbers", "extraction time / regex scan time",
    ]
    assert all(r.size == rows[0].size for r in rows)
    assert all(float(r.result.split()[0].replace(",", "").rstrip("×")) > 0 for r in rows)


def test_stream_row_reports_p50_and_p95_of_the_drops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from benchmarks import stream as stream_bench

    drops = [stream_bench.Drop(doc_id=str(i), latency=latency) for i, latency in enumerate([5.0, 6.0, 7.0, 20.0])]
    asked: list[tuple[int, Path]] = []

    def fake(documents: int, home: Path) -> stream_bench.StreamBench:
        asked.append((documents, home))
        return stream_bench.StreamBench(drops=drops, warmup=1.0, load_average=0.5, worker_pid=1)

    monkeypatch.setattr(stream_bench, "run_stream_bench", fake)
    row = bench.stream_row(tmp_path, 10_000, 4)
    assert asked == [(4, tmp_path)]
    assert row.result == "p50 6.5 s, p95 18.1 s" and row.size == "10,000 + 1 docs" and row.runs == "4 drops"

    def broken(documents: int, home: Path) -> stream_bench.StreamBench:
        raise TimeoutError("waited 300s for document 0")

    monkeypatch.setattr(stream_bench, "run_stream_bench", broken)
    assert bench.stream_row(tmp_path, 10, 4).result.startswith("FAILED: TimeoutError")


def test_stream_bench_drops_only_documents_the_installation_has_not_processed(tmp_path: Path) -> None:
    """A home measured before holds the first bench documents: dropping them again would be
    a no-op, timed as an instant publish."""
    from benchmarks.stream import bench_document, new_bench_documents
    from zonestats.intake import content_id
    from zonestats.settings import Settings
    from zonestats.state import ensure_state

    settings = Settings(home=tmp_path)
    ensure_state(settings)
    assert [n for n, _ in new_bench_documents(settings, 3)] == [0, 1, 2]
    for number in (0, 2, 3):  # processed before: figures, or a quarantine record
        folder = settings.quarantine_dir if number == 3 else settings.figures_dir
        (folder / f"{content_id(bench_document(number))}.parquet").touch()
    chosen = new_bench_documents(settings, 3)
    assert [n for n, _ in chosen] == [1, 4, 5]
    assert all(data == bench_document(n) for n, data in chosen)

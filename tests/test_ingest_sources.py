"""The other ways in: `zonestats add` feeds the same inbox path; `zonestats status` reports it."""

from __future__ import annotations

from typer.testing import CliRunner

from zonestats.cli import app
from zonestats.documents import ingest_document
from zonestats.intake import content_id, scan_inbox


def test_add_copies_files_and_folders_into_the_inbox_under_safe_names(home, tmp_path):
    source = tmp_path / "下载"
    (source / "子目录").mkdir(parents=True)
    (source / "湖北 开发区.txt").write_text("湖北省共有开发区103家。", encoding="utf-8")
    (source / "子目录" / "湖北 开发区.txt").write_text("全省开发区96家。", encoding="utf-8")
    single = tmp_path / "report.html"
    single.write_text("<p>开发区12家</p>", encoding="utf-8")

    result = CliRunner().invoke(app, ["add", str(source), str(single)])

    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in home.inbox.iterdir())
    assert names == ["report.html", "湖北 开发区 (2).txt", "湖北 开发区.txt"]  # same name twice: kept apart
    assert len(scan_inbox(home).doc_ids) == 3


def test_status_lists_quarantined_files_with_their_reason(home):
    (home.inbox / "坏文件.pdf").write_bytes(b"%PDF-1.4 truncated")
    (doc_id,) = scan_inbox(home).doc_ids
    assert not ingest_document(home, doc_id).ok

    result = CliRunner().invoke(app, ["status"], terminal_width=200)

    assert result.exit_code == 0, result.output
    assert "not yet published" in result.output
    assert "坏文件.pdf" in result.output and "not a readable PDF file" in result.output
    assert doc_id == content_id(b"%PDF-1.4 truncated")

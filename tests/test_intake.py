"""The inbox scan: content-addressed, idempotent, and it notices changes and removals."""

from __future__ import annotations

import os

import pyarrow.parquet as pq

from zonestats.intake import add_to_inbox, content_id, raw_path, scan_inbox, write_to_inbox


def _manifest(home) -> dict[str, str]:
    rows = pq.read_table(home.intake_dir / "inbox.parquet").to_pylist()
    return {r["path"]: r["doc_id"] for r in rows}


def test_same_content_under_two_names_is_one_document(home):
    data = "湖北省共有开发区103家。".encode()
    (home.inbox / "a.txt").write_bytes(data)
    (home.inbox / "副本 b.txt").write_bytes(data)
    scan = scan_inbox(home)
    assert scan.doc_ids == {content_id(data)}
    assert _manifest(home) == {"a.txt": content_id(data), "副本 b.txt": content_id(data)}
    assert raw_path(home, content_id(data)).read_bytes() == data


def test_changed_and_removed_files_change_the_manifest(home):
    path = home.inbox / "report.txt"
    path.write_bytes(b"first")
    first = scan_inbox(home)
    assert first.changed
    assert not scan_inbox(home).changed  # nothing new: the cache answers, no rewrite

    path.write_bytes(b"second version")
    os.utime(path, ns=(1, 2))  # a different mtime even on coarse clocks
    changed = scan_inbox(home)
    assert changed.changed and changed.doc_ids == {content_id(b"second version")}
    assert raw_path(home, content_id(b"first")) is not None  # the old original is kept

    path.unlink()
    gone = scan_inbox(home)
    assert gone.changed and gone.doc_ids == set() and _manifest(home) == {}


def test_added_files_get_safe_unique_names(home, tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "江西 方案.txt").write_text("到2025年", encoding="utf-8")
    first = add_to_inbox(home, [source])
    second = add_to_inbox(home, [source / "江西 方案.txt"])
    assert first[0].parent == home.inbox and second[0].parent == home.inbox
    assert first[0] != second[0]
    evil = write_to_inbox(home, "../../etc/passwd", b"x")
    assert evil.parent == home.inbox and ".." not in evil.name


def test_hidden_partial_uploads_are_ignored(home):
    (home.inbox / ".incoming-123").write_bytes(b"half")
    assert scan_inbox(home).doc_ids == set()

"""The inbox scan: content-addressed, idempotent, it notices changes and removals, unpacks
zips safely, and copies files of any size in chunks."""

from __future__ import annotations

import os
import tracemalloc

import pyarrow.parquet as pq
import pytest

from extract.decode_zip import zip_members
from tests.fixtures.make_inputs import build_inputs
from zonestats.documents import ingest_document
from zonestats.intake import add_to_inbox, content_id, original_name, raw_path, scan_inbox, write_to_inbox


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


def test_a_zip_is_unpacked_into_documents_named_after_it(home):
    data, expected = build_inputs()["bulletins.zip"]
    (home.inbox / "bulletins.zip").write_bytes(data)
    members = dict(zip_members(data, home.max_document_bytes))

    scan = scan_inbox(home)

    ids = {path: content_id(content) for path, content in members.items()}
    assert sorted(members) == sorted(expected.members)  # the __MACOSX fork is skipped
    assert scan.doc_ids == set(ids.values())  # the members are the documents, not the zip
    assert _manifest(home) == {f"bulletins.zip/{path}": doc_id for path, doc_id in ids.items()}
    for path, doc_id in ids.items():
        assert original_name(home, doc_id) == f"bulletins.zip/{path}"  # provenance keeps the zip
        assert raw_path(home, doc_id).read_bytes() == members[path]
    assert not scan_inbox(home).changed  # the cache answers: the zip is not unpacked again


def test_gbk_member_names_of_chinese_windows_zips_are_read_as_written(home):
    data, expected = build_inputs()["gbk_names.zip"]
    (home.inbox / "名单.zip").write_bytes(data)
    assert expected.members == ("开发区名单.txt",)
    scan_inbox(home)
    assert list(_manifest(home)) == ["名单.zip/开发区名单.txt"]


@pytest.mark.parametrize("name", ["escaping.zip", "bomb.zip", "truncated.zip"])
def test_an_unsafe_zip_is_listed_itself_for_the_decoder_to_refuse(home, name):
    data, expected = build_inputs()[name]
    (home.inbox / name).write_bytes(data)

    scan = scan_inbox(home)

    assert scan.doc_ids == {content_id(data)} and _manifest(home) == {name: content_id(data)}
    outcome = ingest_document(home, content_id(data))
    assert not outcome.ok and expected.reason in outcome.detail


def test_a_200_mb_file_is_stored_in_chunks_and_refused_unread(home):
    big = home.inbox / "全省统计数据汇总.txt"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB of zeros, no disk written here
    small = "全省共有开发区96家。".encode()
    (home.inbox / "small.txt").write_bytes(small)

    tracemalloc.start()
    scan = scan_inbox(home)
    big_id = next(f.doc_id for f in scan.files if f.path == big.name)
    refused = ingest_document(home, big_id)
    accepted = ingest_document(home, content_id(small))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert peak < 16 * 1024 * 1024  # never read whole (it would take 200 MB)
    assert raw_path(home, big_id).stat().st_size == 200 * 1024 * 1024
    assert not refused.ok
    assert refused.detail == "file is 200 MB, over the 20 MB limit (ZONESTATS_MAX_DOCUMENT_BYTES)"
    assert accepted.ok


def test_adding_a_large_file_copies_it_in_chunks(home, tmp_path):
    source = tmp_path / "大文件.txt"
    with source.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    (added,) = add_to_inbox(home, [source])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * 1024 * 1024 and added.stat().st_size == 64 * 1024 * 1024
